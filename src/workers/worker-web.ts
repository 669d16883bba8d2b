// The module each browser pool worker runs: answer TaskRequests with this worker's own engine.
import { handleRequest } from './runner.js';
import { READY_REPLY, type TaskRequest } from './protocol.js';

const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent<TaskRequest>) => void) | null;
  postMessage(message: unknown): void;
};
scope.onmessage = (e) => scope.postMessage(handleRequest(e.data));
scope.postMessage(READY_REPLY);
