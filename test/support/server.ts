import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { type Fixline, startFixline } from '../../src/server.js';

/** fixline on a free port with its own in-memory database, as `npm start` would run it. */
export async function startTestServer(
  env: Record<string, string> = {},
  options: { clock?: () => Date } = {},
): Promise<Fixline & { dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fixline-server-'));
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory://',
    ATTACHMENTS_DIR: path.join(dir, 'attachments'),
    LOG_LEVEL: 'silent',
    ADMIN_PASSWORD: 'a-long-test-password',
    ...env,
  });
  const template = new Blob([await readFile(inject('pgliteTemplate'))]);
  const fixline = await startFixline(config, { loadDataDir: template, ...(options.clock ? { clock: options.clock } : {}) });
  const stop = fixline.stop.bind(fixline);
  return Object.assign(fixline, {
    dir,
    stop: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  });
}

/** A web chat client speaking the API as the page does. */
export class ChatClient {
  sessionId = '';
  token = '';
  constructor(readonly base: string) {}

  async open(body: Record<string, unknown> = {}) {
    const res = await fetch(`${this.base}/api/webchat/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`opening a session failed: ${res.status} ${await res.text()}`);
    const json = (await res.json()) as { sessionId: string; token: string };
    this.sessionId = json.sessionId;
    this.token = json.token;
    return res;
  }

  url(suffix: string) {
    return `${this.base}/api/webchat/sessions/${this.sessionId}${suffix}`;
  }

  post(body: unknown, headers: Record<string, string> = {}) {
    return fetch(this.url('/messages'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}`, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  async messages(after = 0): Promise<{
    lang: string;
    messages: { seq: number; from: string; text: string; choices?: { id: string; label: string }[]; photo?: string }[];
  }> {
    const res = await fetch(this.url(`/messages?after=${after}`), { headers: { authorization: `Bearer ${this.token}` } });
    return (await res.json()) as never;
  }

  /** Waits until a bot message matching the pattern appears (only among those after `afterSeq`, when given). */
  async waitFor(pattern: RegExp, timeoutMs = 10_000, afterSeq = 0) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const { messages } = await this.messages();
      const found = messages.find((m) => m.seq > afterSeq && m.from !== 'user' && pattern.test(m.text));
      if (found) return { found, messages };
      if (Date.now() > until) throw new Error(`no bot message ${pattern} in ${JSON.stringify(messages.map((m) => m.text))}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
