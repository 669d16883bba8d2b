// The `gridclear` command line (placeholder until the CLI lands).
console.log('gridclear');
