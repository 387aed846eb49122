import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { EventHub } from '../../storage/event-hub.js';
import { can } from '../../app/permissions.js';
import type { AuthService } from '../../auth/auth-service.js';
import { StreamCaps } from '../stream-caps.js';
import type { ConsoleEnv } from './context.js';

const HEARTBEAT_MS = 20_000;

/**
 * The console's live stream: every change (a conversation's new messages, the queue, a ticket)
 * as an SSE `change` event; the page reloads what it shows. While it is open the agent counts as
 * signed in (presence), and the session stays alive.
 */
export function eventsRoute(hub: EventHub, auth: AuthService, perSession = 5): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const streams = new StreamCaps();
  app.get('/events', (c) => {
    const signedIn = c.get('signedIn');
    // One stream per open console tab; more on one session are refused (CONSOLE_STREAMS_PER_SESSION).
    const release = streams.take([
      {
        key: signedIn.idHash,
        cap: perSession,
        reason: `this session already has ${perSession} live streams open (one per console tab); close a tab`,
      },
    ]);
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      stream.onAbort(release);
      // Only what the agent's role may see: an engineer hears of tickets, not of conversations.
      // Inspections: everyone signed in reads them.
      const sees = (type: string) =>
        type === 'inspection' || can(signedIn.agent, type === 'ticket' ? 'tickets.view' : 'conversations.view');
      const unsubscribe = hub.subscribeAll((event) => {
        if (sees(event.type)) void stream.writeSSE({ event: 'change', data: JSON.stringify(event) }).catch(() => stream.abort());
      });
      stream.onAbort(unsubscribe);
      try {
        await auth.keepAlive(signedIn);
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ agent: signedIn.agent.id }) });
        while (!stream.aborted && !stream.closed) {
          await stream.sleep(HEARTBEAT_MS);
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the agent may have gone during the sleep
          if (stream.aborted || stream.closed) break;
          if (!(await auth.stillSignedIn(signedIn).catch(() => false))) break; // signed out or expired
          await auth.keepAlive(signedIn).catch(() => undefined);
          await stream.write(': keep-alive\n\n').catch(() => stream.abort());
        }
      } finally {
        unsubscribe();
        release();
      }
    });
  });
  return app;
}
