import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/domain/messages.js';
import type { ChannelWebhook, Decoded, HeaderReader, RawBody, Received, Verdict } from '../../src/ports/channel-module.js';
import { shippedCatalog } from '../support/desk.js';
import { webhookApp } from './webhook-app.js';

/**
 * The channel contract, once for every channel (src/ports/channel-module.ts): each channel runs
 * it with its own fixtures (test/channels/<name>/contract.test.ts). A new channel passes it before
 * it is registered.
 */

/** A request as verify sees it. */
export interface SignedRequest {
  readonly headers: Record<string, string>;
  readonly raw: RawBody;
  readonly params?: Readonly<Record<string, string>>;
}

/** A body of the platform and what decode must make of it. */
export interface Sample<T> {
  readonly raw: RawBody;
  readonly expect: T;
}

/** The running channel, for what needs the database (dedupe). */
export interface ContractDesk {
  /** Posts the body as the platform does (signed); resolves once answered (2xx). */
  post(raw: string): Promise<void>;
  /** Events recorded so far (inbound_events). */
  recorded(): Promise<number>;
  stop(): Promise<void>;
}

export interface ChannelFixtures {
  readonly name: string;
  readonly verify: (headers: HeaderReader, raw: RawBody, params?: Readonly<Record<string, string>>) => Verdict | Promise<Verdict>;
  readonly signature: { readonly good: SignedRequest; readonly bad: SignedRequest; readonly missing: SignedRequest };
  /** The headers that sign another body (a signature over the body); by default the good request's. */
  readonly signed?: (raw: RawBody) => Record<string, string>;
  /** The channel's pure decode, with a fixed context (its clock, the shipped flows' commands). */
  readonly decode: (raw: RawBody) => Decoded;
  readonly events: {
    readonly text: Sample<{ text: string }>;
    /** A typed command (with the platform's syntax: `/status@bot 123`, or a command word). */
    readonly command: Sample<{ command: string; arg?: string }>;
    readonly start: Sample<{ assetTag: string }>;
    readonly button: Sample<{ id: string }>;
    /** `{ none: why }` when the platform sends no photos this way: no test is registered, and the why is in the decode block's name. */
    readonly photo: RawBody | { readonly none: string };
    readonly group: RawBody | { readonly none: string };
    /** An event of a kind fixline does not use. */
    readonly unknown: RawBody;
    /** Bodies the platform never sends (not JSON, wrong shapes). */
    readonly malformed: readonly RawBody[];
  };
  /** The channel's webhook, driven through the shared route (`POST /webhooks/:channel`); none for the web chat (its routes are the page's API). */
  readonly webhook?: ChannelWebhook;
  /** One event, and its desk, to post it twice. */
  readonly dedupe: { readonly raw: string; readonly desk: () => Promise<ContractDesk> };
  readonly encode: {
    /** The texts a reply of this text shows, in order. */
    readonly texts: (text: string) => string[];
    /** The longest text the platform shows in one message (UTF-16 units); undefined: no limit. */
    readonly maxText?: number;
    /** The buttons a reply with these choices shows. */
    readonly buttons: (choices: { id: string; label: string }[]) => { id: string; label: string }[];
    readonly maxButtons?: number;
    readonly maxLabel?: number;
  };
}

const headersOf = (h: Record<string, string>): HeaderReader => new Headers(h);

const only = (decoded: Decoded): InboundMessage => {
  expect(decoded.events, JSON.stringify(decoded.ignored)).toHaveLength(1);
  return decoded.events[0]!;
};

export function channelContract(f: ChannelFixtures): void {
  describe(`${f.name}: the channel contract`, () => {
    describe('verify', () => {
      it('lets a request with the right signature through', async () => {
        expect(await f.verify(headersOf(f.signature.good.headers), f.signature.good.raw, f.signature.good.params)).toMatchObject({
          ok: true,
        });
      });
      for (const which of ['bad', 'missing'] as const) {
        it(`refuses a ${which} signature with a 401/403 and a reason`, async () => {
          const r = f.signature[which];
          const verdict = await f.verify(headersOf(r.headers), r.raw, r.params);
          expect(verdict.ok).toBe(false);
          if (verdict.ok) return;
          expect([401, 403]).toContain(verdict.status);
          expect(verdict.error).toMatch(/^[a-z_]+$/);
          expect(verdict.reason.length).toBeGreaterThan(10);
        });
      }
    });

    const { photo, group } = f.events;
    // A kind the channel says it lacks gets no test (a skipped one would prove nothing); its reason shows in the block's name.
    const lacks = [
      ...(typeof photo === 'object' && 'none' in photo ? [`no photos: ${photo.none}`] : []),
      ...(typeof group === 'object' && 'none' in group ? [`no groups: ${group.none}`] : []),
    ];
    describe(lacks.length === 0 ? 'decode' : `decode (${lacks.join('; ')})`, () => {
      it('a text', () => {
        expect(only(f.decode(f.events.text.raw)).content).toEqual({ kind: 'text', ...f.events.text.expect });
      });
      it('a typed command, read by the one command parser; the transcript keeps what was typed', () => {
        const m = only(f.decode(f.events.command.raw));
        expect(m.content).toMatchObject({ kind: 'command', ...f.events.command.expect });
        expect(m.content.kind === 'command' && m.content.text).toBeTruthy();
      });
      it('a start with a device tag', () => {
        expect(only(f.decode(f.events.start.raw)).content).toMatchObject({ kind: 'start', ...f.events.start.expect });
      });
      it('a button pressed', () => {
        expect(only(f.decode(f.events.button.raw)).content).toEqual({ kind: 'choice', ...f.events.button.expect });
      });
      if (!(typeof photo === 'object' && 'none' in photo)) {
        it('a photo, with the platform’s reference to fetch it by', () => {
          const content = only(f.decode(photo)).content;
          expect(content.kind).toBe('photo');
          expect(content.kind === 'photo' && content.media).toBeTruthy();
        });
      }
      if (!(typeof group === 'object' && 'none' in group)) {
        it('a group message addressed to the bot: the group is the conversation, the member the sender', () => {
          const m = only(f.decode(group));
          expect(m.conversationKey).not.toBe(m.userId);
        });
      }
      it('an event of a kind fixline does not use: ignored, with a reason', () => {
        const decoded = f.decode(f.events.unknown);
        expect(decoded.events).toEqual([]);
        expect(decoded.ignored.length).toBeGreaterThan(0);
        for (const i of decoded.ignored) expect(i.reason.length).toBeGreaterThan(5);
      });
      it('a malformed body: ignored with a reason and refused, never a throw', () => {
        for (const raw of f.events.malformed) {
          const decoded = f.decode(raw);
          expect(decoded.events, String(raw)).toEqual([]);
          expect(decoded.ignored[0]?.reason.length, String(raw)).toBeGreaterThan(5);
          expect(decoded.refused, String(raw)).toMatch(/^[a-z_]+$/);
        }
      });
      it('the same body decodes to the same event ids (so a redelivery is recognised)', () => {
        expect(f.decode(f.events.text.raw).events.map((e) => e.externalId)).toEqual(
          f.decode(f.events.text.raw).events.map((e) => e.externalId),
        );
      });
    });

    describe('encode', () => {
      it('splits a long text at the platform’s limit, losing nothing', () => {
        const line = '第三教室的投影仪不亮了，请尽快派人来看看。The projector in room 3 is dark. ';
        const text = Array.from({ length: 400 }, (_, i) => `${i}: ${line}`).join('\n');
        const parts = f.encode.texts(text);
        if (f.encode.maxText === undefined) expect(parts).toEqual([text]);
        else {
          expect(parts.length).toBeGreaterThan(Math.floor(text.length / f.encode.maxText));
          for (const p of parts) expect(p.length).toBeLessThanOrEqual(f.encode.maxText);
        }
        expect(parts.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
        expect(f.encode.texts('好的')).toEqual(['好的']);
      });
      it('shows buttons within the platform’s limits, in order', () => {
        const choices = Array.from({ length: 150 }, (_, i) => ({
          id: `12:choice-${i}`,
          label: `选项 ${i} ${'很长的标签'.repeat(i % 3 === 0 ? 10 : 0)}`,
        }));
        const shown = f.encode.buttons(choices);
        expect(shown.length).toBeGreaterThan(0);
        if (f.encode.maxButtons !== undefined) expect(shown.length).toBeLessThanOrEqual(f.encode.maxButtons);
        else expect(shown.length).toBe(choices.length);
        expect(shown.map((b) => b.id)).toEqual(choices.slice(0, shown.length).map((c) => c.id));
        // eslint-disable-next-line @typescript-eslint/no-misused-spread -- the platforms cap labels in code points (an emoji is one), which is what this counts
        for (const b of shown) if (f.encode.maxLabel !== undefined) expect([...b.label].length).toBeLessThanOrEqual(f.encode.maxLabel);
      });
    });

    const hook = f.webhook;
    if (hook) {
      describe('the shared webhook route', () => {
        const route = async () => {
          const received: InboundMessage[] = [];
          const receive = async (messages: readonly InboundMessage[]): Promise<Received[]> => (
            received.push(...messages),
            messages.map(() => 'accepted')
          );
          const app = webhookApp(f.name, hook, { receive, flows: (await shippedCatalog()).flowSet });
          const post = (r: SignedRequest) =>
            app.request(`/webhooks/${f.name}`, {
              method: 'POST',
              headers: r.headers,
              body: typeof r.raw === 'string' ? r.raw : new Uint8Array(r.raw),
            });
          return { received, post };
        };
        it('refuses what verify refuses, with its status and code, recording nothing', async () => {
          const { received, post } = await route();
          for (const which of ['bad', 'missing'] as const) {
            const res = await post(f.signature[which]);
            const verdict = await f.verify(headersOf(f.signature[which].headers), f.signature[which].raw);
            expect(res.status, which).toBe(verdict.ok ? 200 : verdict.status);
            expect(await res.json(), which).toMatchObject({ error: verdict.ok ? undefined : verdict.error });
          }
          expect(received).toEqual([]);
        });
        it('records what decode made of a verified body and answers 200; a body the platform never sends is a 400 naming why', async () => {
          const { received, post } = await route();
          const good = await post(f.signature.good);
          expect(good.status).toBe(200);
          expect(received.length).toBe(f.decode(f.signature.good.raw).events.length);
          const malformed = f.events.malformed[0]!;
          const sign = (raw: RawBody): SignedRequest => ({ headers: f.signed?.(raw) ?? f.signature.good.headers, raw });
          const bad = await post(sign(malformed));
          expect(bad.status).toBe(400);
          expect(await bad.json()).toMatchObject({ error: f.decode(malformed).refused });
        });
      });
    }

    describe('receive', () => {
      let desk: ContractDesk;
      beforeAll(async () => {
        desk = await f.dedupe.desk();
      });
      afterAll(async () => desk?.stop());

      it('the same event twice is recorded once', async () => {
        const before = await desk.recorded();
        await desk.post(f.dedupe.raw);
        await desk.post(f.dedupe.raw);
        expect(await desk.recorded()).toBe(before + 1);
      });
    });
  });
}
