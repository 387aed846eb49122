import { Hono } from 'hono';
import type { StaffChatLinks } from '../../app/engineer/chat-link.js';
import type { ConsoleEnv } from './context.js';

/**
 * The signed-in account's own chat (Telegram or LINE): whether one is linked, a one-time code to
 * link one (POST, with the session's CSRF token like every change), and unlinking it (DELETE).
 */
export function chatLinkRoutes(links: StaffChatLinks): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/me/chat-link', async (c) => c.json(await links.state(c.get('signedIn').agent)));
  app.post('/me/chat-link', async (c) => c.json(await links.issue(c.get('signedIn').agent), 201));
  app.delete('/me/chat-link', async (c) => c.json(await links.unlink(c.get('signedIn').agent)));
  return app;
}
