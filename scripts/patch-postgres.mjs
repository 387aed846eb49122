// Repairs three defects of postgres.js 3.4.9 that take fixline down when PostgreSQL restarts
// (porsager/postgres#1154, #1208, #1192; the fixes of #1168/#1209 are not released):
//  - a small write deferred with setImmediate runs after the connection closed and calls
//    socket.write on null: an uncatchable TypeError that ends the process;
//  - closing cancels that deferred write without forgetting it, so the reconnected connection
//    never flushes a small write again and its queries hang;
//  - the array-type query every new connection runs first has its promise dropped: when that
//    connection is ended (or the query cancelled) at that moment, an unhandled rejection ends
//    the process. The connection's own error handling already fails or retries the queries;
//  - a socket closed with an error fails only the queries the 'error' event found: those written
//    between that event and 'close' (the pool still hands it queries), and those of a connection
//    closed while it was opening (it reconnects keeping them, and later resolves them with another
//    query's result), were never settled: they hung for ever (test/storage/connection-loss.pg.ts
//    saw it after pg_terminate_backend, about one round in 30). Now every query written on the
//    closed socket fails with CONNECTION_CLOSED, which the processor's retries expect;
//  - the closed socket's last error and partial result stayed on the connection: its reconnection
//    failed its first query with the old error while the server still answered it, and those
//    answers went to the next query (a TypeError in ParseComplete, or the next query resolved with
//    no rows — connection-loss.pg.ts saw both, about one run in six). They are cleared on close.
// Run by `npm install` / `npm ci` (postinstall); idempotent edit by edit; refuses another
// postgres.js version so that an upgrade is looked at rather than patched blindly.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const MARK = '/* fixline: closed-socket guard */';
const root = path.resolve(import.meta.dirname, '../node_modules/postgres');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
if (version !== '3.4.9') {
  console.error(
    `patch-postgres: postgres.js is ${version}, the patch is for 3.4.9: check whether it still needs one, then update scripts/patch-postgres.mjs`,
  );
  process.exit(1);
}

const edits = [
  [
    '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)',
    `  function nextWrite(fn) {\n    if (!socket) { ${MARK} const err = Errors.connection('CONNECTION_CLOSED', options); chunk = nextWriteTimer = null; error(err); fn && fn(err); return false }\n    const x = socket.write(chunk, fn)`,
  ],
  [
    '    clearImmediate(nextWriteTimer)\n    if (socket) {',
    '    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    if (socket) {',
  ],
  [
    "    clearImmediate(nextWriteTimer)\n    socket.removeListener('data', data)",
    "    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    socket.removeListener('data', data)",
  ],
  [
    "    socket = null\n\n    if (initial)\n      return reconnect()\n\n    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n",
    "    socket = null\n\n    if (query || sent.length) { /* fixline: what was written on the closed socket fails */ error(Errors.connection('CONNECTION_CLOSED', options, socket)); query = null }\n\n    if (initial)\n      return reconnect()\n\n",
  ],
  [
    '    connectTimer.cancel()\n\n    socket.removeAllListeners()\n    socket = null\n',
    '    connectTimer.cancel()\n    errorResponse = results = null; result = new Result() /* fixline: nothing of the closed socket carries over */\n\n    socket.removeAllListeners()\n    socket = null\n',
  ],
  [
    '        return fetchArrayTypes()\n',
    "        return fetchArrayTypes().catch(() => {}) /* fixline: #1192, the connection's error handling covers it */\n",
  ],
];

for (const file of ['src/connection.js', 'cjs/src/connection.js']) {
  const full = path.join(root, file);
  let text = readFileSync(full, 'utf8');
  let changed = 0;
  for (const [before, after] of edits) {
    if (text.includes(after)) continue;
    changed++;
    if (text.split(before).length !== 2) {
      console.error(`patch-postgres: ${file} does not read as expected; not patched`);
      process.exit(1);
    }
    text = text.replace(before, after);
  }
  if (changed === 0) continue;
  writeFileSync(full, text);
  console.log(`patch-postgres: patched ${file} (${changed} of ${edits.length} edits; the rest were in place)`);
}
