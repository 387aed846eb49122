// `npm start`: start fixline (exit code 1, and one line saying why, when it cannot); stop cleanly on SIGTERM or Ctrl-C.
import type { Fixline } from './server.js';
import { launch } from './launch.js';

/** SIGTERM and SIGINT stop fixline: requests end, conversations in progress finish, the database (and its lock) is closed. */
function stopOnSignals(fixline: Fixline): void {
  // A signal repeated while stopping (npm passes one on, a supervisor may send another) changes nothing.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    fixline.log.info({ signal }, 'shutting down');
    fixline
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        fixline.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

const fixline = await launch(process.env, {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  started: stopOnSignals, // before the banner: whoever reads it may stop fixline at once
});
if (!fixline) process.exit(1);
