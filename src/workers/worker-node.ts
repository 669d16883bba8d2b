// The script each Node pool worker runs: answer TaskRequests with this thread's own engine.
import { parentPort } from 'node:worker_threads';
import { handleRequest } from './runner.js';
import { READY_REPLY, type TaskRequest } from './protocol.js';

if (!parentPort) throw new Error('gridclear: worker.node.cjs must be started as a worker thread');
const port = parentPort;
port.on('message', (req: TaskRequest) => port.postMessage(handleRequest(req)));
port.postMessage(READY_REPLY);
