import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { type Database, openDatabase } from '../storage/database.js';
import { DataDirLockedError } from '../storage/data-dir-lock.js';

/**
 * The desk's database for a command (DATABASE_URL, else the embedded one in DATA_DIR), or why it
 * cannot be opened, said for the operator: `doing` names the command's work ("export", "import").
 * `create`: a DATA_DIR without a database gets one (migrated), as `npm start` would make it.
 */
export async function openDeskDatabase(config: Config, doing: string, options: { create: boolean }): Promise<Database | string> {
  const embedded = !config.DATABASE_URL;
  if (embedded && !options.create && !existsSync(path.join(config.DATA_DIR, 'PG_VERSION'))) {
    return `there is no database in DATA_DIR=${config.DATA_DIR} (set DATA_DIR, or DATABASE_URL for PostgreSQL)`;
  }
  try {
    return await openDatabase({
      ...(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.DATA_DIR }),
      poolSize: 1,
      migrate: options.create,
    });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      const owner = error.owner ? ` (pid ${error.owner.pid} on ${error.owner.host})` : '';
      return (
        `DATA_DIR=${error.dir} is open in a running fixline${owner}: the embedded database takes one process at a time. ` +
        `Stop fixline, ${doing}, and start it again (a desk on PostgreSQL, DATABASE_URL, can ${doing} while it runs).`
      );
    }
    return `cannot open the database: ${(error as Error).message}`;
  }
}
