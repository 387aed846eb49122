import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * The live heap of a Node process started with `--inspect=127.0.0.1:0`: two full garbage
 * collections through its inspector (DevTools protocol), then `heapUsed + external` of `process.memoryUsage()` (objects and the buffers they hold).
 * Resident memory says little about leaks (it follows the collector's timing and what the
 * allocator keeps), the heap after a full collection says exactly what is still referenced.
 *
 * Node 20 has a WebSocket client only behind `--experimental-websocket`, so the few protocol
 * calls run in a short-lived helper process rather than in the harness.
 */
const CLIENT = `
const ws = new WebSocket(process.argv[1]);
let next = 0;
const waiting = new Map();
const call = (method, params = {}) => new Promise((resolve, reject) => {
  const id = ++next;
  waiting.set(id, (m) => (m.error ? reject(new Error(method + ': ' + m.error.message)) : resolve(m.result)));
  ws.send(JSON.stringify({ id, method, params }));
});
ws.onmessage = (e) => { const m = JSON.parse(e.data); waiting.get(m.id)?.(m); };
ws.onerror = () => { console.error('cannot reach the inspector at ' + process.argv[1]); process.exit(1); };
ws.onopen = async () => {
  await call('HeapProfiler.collectGarbage');
  await call('HeapProfiler.collectGarbage');
  const r = await call('Runtime.evaluate', { expression: '(({ heapUsed, external }) => heapUsed + external)(process.memoryUsage())', returnByValue: true });
  console.log(r.result.value);
  ws.close();
};
`;

export async function liveHeapBytes(inspectorUrl: string): Promise<number> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--experimental-websocket', '--no-warnings', '--input-type=module', '-e', CLIENT, inspectorUrl],
    { timeout: 30_000 },
  );
  const bytes = Number(stdout.trim());
  if (!Number.isFinite(bytes) || bytes <= 0) throw new Error(`the inspector answered ${JSON.stringify(stdout)}`);
  return bytes;
}

/** The inspector's address in the "Debugger listening on ws://…" line a process prints at start. */
export function inspectorUrl(output: string): string | undefined {
  return /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1];
}
