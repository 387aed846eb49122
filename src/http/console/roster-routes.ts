import { Hono } from 'hono';
import { NewEvent, NewShift, Range, type RosterService } from '../../app/roster-service.js';
import { storable } from '../../domain/storable.js';
import { parse } from '../read-json.js';
import { type ConsoleEnv, readJson } from './context.js';

/**
 * The on-duty roster and the declared major events: everyone signed in reads them, coordinators,
 * supervisors and admins change them (the service checks). Major events live at /major-events:
 * /events is the console's live stream.
 */
export function rosterRoutes(roster: RosterService): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const me = (c: { get(key: 'signedIn'): ConsoleEnv['Variables']['signedIn'] }) => c.get('signedIn').agent;

  app.get('/roster', async (c) => c.json(await roster.roster(me(c), parse(Range, storable(c.req.query())))));
  app.post('/roster', async (c) => c.json({ shift: await roster.addShift(me(c), await readJson(c, NewShift)) }, 201));
  app.delete('/roster/:id', async (c) => {
    await roster.removeShift(me(c), c.req.param('id'));
    return c.json({ removed: true });
  });

  app.get('/major-events', async (c) => c.json(await roster.events(me(c), parse(Range, storable(c.req.query())))));
  app.post('/major-events', async (c) => c.json({ event: await roster.declareEvent(me(c), await readJson(c, NewEvent)) }, 201));
  app.post('/major-events/:id/cancel', async (c) => {
    await roster.cancelEvent(me(c), c.req.param('id'));
    return c.json({ cancelled: true });
  });
  return app;
}
