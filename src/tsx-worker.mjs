// Starts a worker thread's TypeScript entry (under `npm start` and the tests; the build runs
// compiled JavaScript without this). Node 20 does not apply a `--import tsx` loader to a worker's
// entry, so the worker registers tsx itself, then imports the entry named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
