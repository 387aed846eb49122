import { DataFileError, formatProblem } from './catalog/problems.js';
import { ConfigError, parseConfig } from './config.js';
import { startFixline } from './server.js';

/** `npm start`: parse the settings, start fixline, stop cleanly on SIGTERM or Ctrl-C. */
async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`fixline cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  let fixline;
  try {
    fixline = await startFixline(config);
  } catch (error) {
    if (error instanceof DataFileError) {
      process.stderr.write(`fixline cannot start: the data files in ${config.FLOWS_DIR} have problems:\n${error.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
      process.exit(1);
    }
    throw error;
  }

  const { log, url } = fixline;
  // Handlers first: whoever reads the banner may stop fixline at once. They stay in place: a
  // signal repeated while stopping (npm passes one on, a supervisor may send another) changes nothing.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    fixline
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  log.info({ database: fixline.database.kind, flows: config.FLOWS_DIR }, 'fixline is running');
  process.stdout.write(`\n  fixline is running\n  web chat:  ${url}/chat\n  console:   ${url}/console\n  health:    ${url}/healthz\n`);
  if (fixline.adminPassword) {
    process.stdout.write(`\n  admin account created — user: admin  password: ${fixline.adminPassword}\n  (shown once; set ADMIN_PASSWORD to choose it)\n`);
  }
  process.stdout.write('\n');
}

await main();
