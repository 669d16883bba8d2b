// Types of queue-redis.mjs (plain JavaScript, shared with bench/queue.bench.mjs).
export declare const REDIS_SERVER: string;
/** The path of redis-server, installing Debian's package when missing; an Error saying why not. */
export declare function ensureRedisServer(): string | Error;
/** A redis-server on a free loopback port; stop() ends it and removes its folder. */
export declare function startRedis(binary?: string): Promise<{ url: string; port: number; pid: number; stop(): Promise<void> }>;
