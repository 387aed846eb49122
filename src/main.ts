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
  log.info({ database: fixline.database.kind, flows: config.FLOWS_DIR }, 'fixline is running');
  process.stdout.write(`\n  fixline is running\n  web chat:  ${url}/chat\n  console:   ${url}/console\n  health:    ${url}/healthz\n`);
  if (fixline.adminPassword) {
    process.stdout.write(`\n  admin account created — user: admin  password: ${fixline.adminPassword}\n  (shown once; set ADMIN_PASSWORD to choose it)\n`);
  }
  process.stdout.write('\n');

  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    fixline
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

await main();
