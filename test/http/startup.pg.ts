import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { launch } from '../../src/launch.js';
import { POSTGRES_URL } from '../support/database.js';

/** `npm start` in this process against the real PostgreSQL: what it printed, and whether it started. */
async function launchWith(databaseUrl: string) {
  let out = '';
  let err = '';
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fixline-start-'));
  try {
    const fixline = await launch(
      { DATABASE_URL: databaseUrl, DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
      { out: (t) => (out += t), err: (t) => (err += t) },
    );
    await fixline?.stop();
    return { started: fixline !== undefined, out, err };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function withUrl(change: (url: URL) => void): string {
  const url = new URL(POSTGRES_URL);
  change(url);
  return url.toString();
}

describe('PostgreSQL refusing fixline at start: one line naming DATABASE_URL', () => {
  it('a database that does not exist', async () => {
    const url = withUrl((u) => (u.pathname = '/fixline_no_such_database'));
    const { started, out, err } = await launchWith(url);
    expect(started).toBe(false);
    expect(out).toBe('');
    expect(err).toMatch(
      /^fixline cannot start: PostgreSQL at [^ ]+ \(DATABASE_URL=postgres:\/\/[^ ]+\/fixline_no_such_database\) has no database "fixline_no_such_database"; create it \(createdb fixline_no_such_database\) or correct DATABASE_URL\n$/,
    );
  });

  it('a role that does not exist', async () => {
    const url = withUrl((u) => {
      u.username = 'fixline_no_such_role';
      u.password = 'not-shown-anywhere';
    });
    const { started, err } = await launchWith(url);
    expect(started).toBe(false);
    expect(err).toMatch(
      /^fixline cannot start: PostgreSQL at [^ ]+ \(DATABASE_URL=postgres:\/\/fixline_no_such_role@[^ ]+\) refused (user|the password of user) "fixline_no_such_role"[^\n]*\n$/,
    );
    expect(err).not.toContain('not-shown-anywhere');
  });
});
