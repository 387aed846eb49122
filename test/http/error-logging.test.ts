import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { type Fixline, startFixline } from '../../src/server.js';
import { ChatClient } from '../support/server.js';

/** What fixline logs, line by line, as an operator's log collector would receive it. */
const lines: string[] = [];
let fixline: Fixline;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fixline-log-'));
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory://',
    ATTACHMENTS_DIR: path.join(dir, 'a'),
    ADMIN_PASSWORD: 'a-long-test-password',
  });
  const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
  fixline = await startFixline(config, { log, loadDataDir: new Blob([await readFile(inject('pgliteTemplate'))]) });
  // Statements that fail on what a user wrote (as a full disk, a bad byte or a bug would make them fail).
  await fixline.database.db.execute(sql`alter table inbound_events add constraint poison check (payload::text not like '%POISON%')`);
  await fixline.database.db.execute(sql`alter table messages add constraint toxic check (text not like '%TOXIC%')`);
});
afterAll(async () => {
  await fixline?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function logged(pattern: RegExp): Promise<string[]> {
  for (let i = 0; i < 200 && !lines.some((l) => pattern.test(l)); i++) await new Promise((r) => setTimeout(r, 50));
  return lines.filter((l) => pattern.test(l));
}

describe('a failed statement is logged without its parameters', () => {
  it('a request whose insert fails: the line names the statement, not what the user wrote', async () => {
    const chat = new ChatClient(fixline.url);
    await chat.open();
    const res = await chat.post({ text: 'POISON 孙老师 13800138000 我的秘密' });
    expect(res.status).toBe(503);
    const [line] = await logged(/request failed/);
    expect(line).toBeDefined();
    expect(line).toMatch(/insert into "?inbound_events/);
    expect(line).toMatch(/poison/); // the constraint that failed
    expect(line).not.toMatch(/孙老师|13800138000|我的秘密|POISON/);
  });

  it("a turn whose write fails: the processing error names the statement, not the user's text or name", async () => {
    const chat = new ChatClient(fixline.url);
    await chat.open();
    await chat.waitFor(/请选择需要的服务/);
    await chat.post({ text: 'TOXIC 王老师 18612345678' });
    const failures = await logged(/processing a conversation failed/);
    expect(failures.length).toBeGreaterThan(0);
    for (const line of failures) {
      expect(line).toMatch(/messages/);
      expect(line).not.toMatch(/王老师|18612345678|TOXIC/);
    }
  });

  it("a data exception that quotes the bad value, and a duplicate key's detail, are logged without the value", async () => {
    await new ChatClient(fixline.url).open(); // an identity to duplicate
    for (const statement of [
      sql`select ${'张老师-not-a-uuid'}::uuid`,
      sql`insert into channel_identities (channel, external_id, contact_id) select channel, external_id, contact_id from channel_identities limit 1`,
    ]) {
      const error = await fixline.database.db.execute(statement).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      fixline.log.error({ err: error }, 'statement failed');
    }
    const failed = await logged(/statement failed/);
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatch(/invalid input syntax for type uuid: \(value not logged\)/);
    expect(failed[0]).not.toMatch(/张老师/);
    expect(failed[1]).toMatch(/identities_channel_external/);
    expect(failed[1]).not.toMatch(/Key \(/);
  });
});
