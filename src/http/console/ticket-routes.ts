import { Hono } from 'hono';
import { z } from 'zod';
import { consoleRules } from '../../app/console-meta.js';
import type { TicketService } from '../../app/ticket-service.js';
import type { Catalog } from '../../catalog/catalog.js';
import { Severity, WarrantyDecision } from '../../domain/contract.js';
import { storable } from '../../domain/storable.js';
import { MAX_REPLACED_PARTS, STATUSES } from '../../domain/ticket-life.js';
import type { BlobStore } from '../../ports/blob-store.js';
import type { Store } from '../../ports/store.js';
import { HttpError } from '../../web/errors.js';
import { firstIssue } from '../read-json.js';
import { type ConsoleEnv, readJson } from './context.js';

const Filters = z.object({
  status: z.enum(STATUSES).optional(),
  severity: Severity.optional(),
  contract: z.string().max(40).optional(),
  site: z.string().max(40).optional(),
  assignee: z.string().max(40).optional(),
  engineer: z.string().max(40).optional(),
  open: z.enum(['true', 'false']).optional(),
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

const When = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const Version = { version: z.string().optional() };
/** Why an appointment is after the on-site due time (required then: 409 appointment_late without it). */
const Late = { lateReason: z.string().max(2000).optional() };
const Command = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('move'), to: z.enum(STATUSES), note: z.string().max(2000).optional(), ...Version }),
  z.strictObject({ kind: z.literal('dispatch'), engineerId: z.string().min(1), appointmentAt: When, ...Late, ...Version }),
  z.strictObject({ kind: z.literal('reschedule'), appointmentAt: When, ...Late, ...Version }),
  z.strictObject({ kind: z.literal('override_severity'), to: Severity, reason: z.string().max(2000), ...Version }),
  z.strictObject({ kind: z.literal('override_warranty'), to: WarrantyDecision, reason: z.string().max(2000), ...Version }),
  z.strictObject({
    kind: z.literal('close'),
    report: z.strictObject({
      problemType: z.string().max(500),
      cause: z.string().max(4000),
      solution: z.string().max(4000),
      lossAssessment: z.string().max(4000),
      replacedParts: z.array(z.string().max(80)).max(MAX_REPLACED_PARTS).optional(),
    }),
    ...Version,
  }),
  z.strictObject({ kind: z.literal('reopen'), reason: z.string().max(2000), ...Version }),
  z.strictObject({ kind: z.literal('loaner_delivered'), ...Version }),
  z.strictObject({ kind: z.literal('assign'), agentId: z.string().min(1).nullable(), ...Version }),
]);

/** An agent's correction of one fact; the service checks the fact and value against the vocabulary (400). */
const Correction = z.strictObject({
  fact: z.string().max(40),
  value: z.union([z.string().max(80), z.boolean()]),
  version: z.string().optional(),
});

/** Tickets: lists, detail, the commands of their life, their photos, and what the filters offer. */
export function ticketRoutes(
  tickets: TicketService,
  catalog: Catalog,
  store: Store,
  blobs: BlobStore,
  clock: () => Date,
): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.get('/meta', async (c) =>
    c.json({
      serverTime: clock(),
      contracts: [...catalog.contracts.values()].map((k) => ({ id: k.id, name: k.name, severity: k.severity.levels })),
      sites: await store.read.places.listSites(),
      warranty: catalog.desk.labels.warranty,
      devices: catalog.desk.labels.devices,
      timeZone: catalog.desk.desk.timeZone,
      ...consoleRules(catalog),
    }),
  );

  app.get('/tickets', async (c) => {
    const parsed = Filters.safeParse(storable(c.req.query()));
    if (!parsed.success) throw new HttpError(400, 'invalid_request', firstIssue(parsed.error).message);
    const f = parsed.data;
    const list = await tickets.list(c.get('signedIn').agent, {
      limit: f.limit,
      ...(f.status ? { status: f.status } : {}),
      ...(f.severity ? { severity: f.severity } : {}),
      ...(f.contract ? { contractId: f.contract } : {}),
      ...(f.site ? { siteId: f.site } : {}),
      ...(f.assignee ? { assigneeId: f.assignee } : {}),
      ...(f.engineer ? { engineerId: f.engineer } : {}),
      ...(f.open === 'true' ? { open: true } : {}),
      ...(f.q?.trim() ? { query: f.q.trim() } : {}),
    });
    return c.json({ serverTime: clock(), tickets: list });
  });

  app.get('/tickets/:id', async (c) =>
    c.json({ serverTime: clock(), ticket: await tickets.detail(c.get('signedIn').agent, c.req.param('id')) }),
  );

  app.post('/tickets/:id/commands', async (c) => {
    const { version, ...command } = await readJson(c, Command);
    const agent = c.get('signedIn').agent;
    const id = c.req.param('id');
    if (command.kind === 'dispatch') {
      const engineer = await store.read.console.agents.get(command.engineerId);
      const ticket = await tickets.command(agent, id, { ...command, engineerName: engineer?.displayName ?? '' }, version);
      return c.json({ ticket });
    }
    return c.json({ ticket: await tickets.command(agent, id, command, version) });
  });

  app.post('/tickets/:id/facts', async (c) => {
    const { version, ...correction } = await readJson(c, Correction);
    return c.json({ ticket: await tickets.correctFact(c.get('signedIn').agent, c.req.param('id'), correction, version) });
  });

  app.get('/tickets/:id/attachments/:attachment', async (c) => {
    const found = await tickets.attachment(c.get('signedIn').agent, c.req.param('id'), c.req.param('attachment'));
    const bytes = found ? await blobs.get(found.storageKey) : null;
    if (!found || !bytes) throw new HttpError(404, 'not_found', 'no such photo on this ticket');
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': found.mime, 'cache-control': 'private, max-age=3600' });
  });
  return app;
}
