import { Hono } from 'hono';
import { AgentAdmin, AgentChange, NewAgent } from '../../app/agent-admin.js';
import { type ConsoleEnv, readJson } from './context.js';

/** Colleagues (everyone signed in) and account management (admins). */
export function agentRoutes(admin: AgentAdmin): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/agents', async (c) => c.json({ agents: await admin.list(c.get('signedIn').agent) }));
  app.post('/agents', async (c) => c.json({ agent: await admin.create(c.get('signedIn').agent, await readJson(c, NewAgent)) }, 201));
  app.patch('/agents/:id', async (c) =>
    c.json({ agent: await admin.update(c.get('signedIn').agent, c.req.param('id'), await readJson(c, AgentChange)) }),
  );
  return app;
}
