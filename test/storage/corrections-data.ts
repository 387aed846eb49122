import { eq } from 'drizzle-orm';
import type { Catalog } from '../../src/catalog/catalog.js';
import { DESK_START, seedDesk } from '../../src/conversation-tests/desk.js';
import type { FactCorrection, TicketTriage } from '../../src/domain/triage-record.js';
import type { Db } from '../../src/storage/database.js';
import { agents, assets, contacts, factCorrections, tickets } from '../../src/storage/schema.js';

const FACTS = {
  device: 'interactive_panel',
  symptom: 'touch_failure',
  cause: 'none_known',
  scope: 'single_device',
  usable: true,
  majorEvent: false,
};

/**
 * A seeded desk with two tickets agents corrected, as the console leaves them (the rows are
 * written here directly): FX-2026-00002, reported first, corrected on 2026-10-12 (Shanghai);
 * FX-2026-00001, reported later, corrected twice on 2026-10-14 — its symptom (read by the word
 * lists from the text) and whether the panel can be used (which the teacher chose).
 */
export async function seedCorrectedDesk(db: Db, catalog: Catalog): Promise<void> {
  await seedDesk(db, catalog, DESK_START);
  const [admin] = await db.select({ id: agents.id }).from(agents).where(eq(agents.username, 'admin'));
  const [reporter] = await db.insert(contacts).values({ name: '王老师', lang: 'zh-CN' }).returning({ id: contacts.id });
  const asset = async (tag: string) => (await db.select({ id: assets.id }).from(assets).where(eq(assets.tag, tag)))[0]?.id;
  if (!admin || !reporter) throw new Error('the desk was not seeded');

  const ticket = async (number: string, tag: string, reportedAt: string, description: string, triage: TicketTriage | null) => {
    const at = new Date(reportedAt);
    const [row] = await db
      .insert(tickets)
      .values({
        number,
        reporterId: reporter.id,
        assetId: (await asset(tag)) ?? null,
        contractId: 'GX-EDU',
        description,
        facts: FACTS,
        severity: 'C',
        severitySince: at,
        warranty: 'in_warranty',
        billable: false,
        reasons: [],
        reportedAt: at,
        responseDueAt: new Date(at.getTime() + 4 * 3_600_000),
        triage,
      })
      .returning({ id: tickets.id });
    if (!row) throw new Error(`ticket ${number} was not stored`);
    return row.id;
  };
  const correct = (
    ticketId: string,
    at: string,
    fact: FactCorrection['fact'],
    before: string | boolean,
    after: string | boolean,
    source: string,
  ) => db.insert(factCorrections).values({ ticketId, agentId: admin.id, at: new Date(at), fact, before, after, source });

  const later = await ticket('FX-2026-00001', 'FX-PNL-0001', '2026-10-13T02:30:00Z', '三年级二班一体机触摸没反应 (description)', {
    text: '三年级二班一体机触摸没反应，屏幕也黑了',
    origins: { device: { source: 'teacher' }, symptom: { source: 'rules', quote: '触摸没反应' }, usable: { source: 'teacher' } },
    summary: null,
  });
  await correct(later, '2026-10-14T01:00:00Z', 'symptom', 'touch_failure', 'display_abnormal', 'rules');
  await correct(later, '2026-10-14T03:00:00Z', 'usable', true, false, 'teacher');
  await correct(later, '2026-10-14T03:05:00Z', 'symptom', 'display_abnormal', 'no_display', 'agent');

  const earlier = await ticket('FX-2026-00002', 'FX-PNL-0003', '2026-10-12T01:00:00Z', '录播教室一体机摔坏了', null);
  await correct(earlier, '2026-10-12T08:00:00Z', 'cause', 'none_known', 'human_damage', 'rules');
}
