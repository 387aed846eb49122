import { type Config, parseConfig } from './config.js';
import { type Fixline, type StartOptions, startFixline } from './server.js';
import { describeStartupError } from './startup-errors.js';
import { ensureWebBuild } from './web-build.js';

/** Where `npm start` writes (the process's stdout and stderr, or a test's buffer), and what it does once started. */
export interface LaunchIo {
  out(text: string): void;
  err(text: string): void;
  /** Called before the banner is printed: whoever reads it may stop fixline at once. */
  started?(fixline: Fixline): void;
}

/**
 * `npm start` short of the process: parses the settings, starts fixline and prints where it
 * runs (and a generated admin password, once). When it cannot start it prints why — one line for
 * whatever an operator can fix — and resolves undefined, having released what it took.
 */
export async function launch(
  env: Readonly<Record<string, string | undefined>>,
  io: LaunchIo,
  options: StartOptions = {},
): Promise<Fixline | undefined> {
  let config: Config | undefined;
  let fixline: Fixline;
  try {
    config = parseConfig(env);
    // The pages are built from their sources on a fresh clone or after an edit (about a second).
    if ((await ensureWebBuild()) === 'built') io.out('  built the web pages (dist-web/)\n');
    fixline = await startFixline(config, options);
  } catch (error) {
    io.err(`${describeStartupError(error, config)}\n`);
    return undefined;
  }
  io.started?.(fixline);
  const { url } = fixline;
  fixline.log.info({ database: fixline.database.kind, flows: config.FLOWS_DIR }, 'fixline is running');
  io.out(`\n  fixline is running\n  web chat:  ${url}/chat\n  console:   ${url}/console\n  health:    ${url}/healthz\n`);
  if (fixline.adminPassword) {
    io.out(
      `\n  admin account created — user: admin  password: ${fixline.adminPassword}\n  (shown once; set ADMIN_PASSWORD to choose it)\n`,
    );
  }
  io.out('\n');
  return fixline;
}
