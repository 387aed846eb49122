import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Catalog } from '../../src/catalog/catalog.js';
import type { Facts } from '../../src/domain/facts.js';
import { assess } from '../../src/domain/policy.js';
import type { ReportSummary, TicketTriage } from '../../src/domain/triage-record.js';
import type { Db } from '../../src/storage/database.js';
import { assets, contacts, conversations, llmCalls, tickets } from '../../src/storage/schema.js';

export const TRIAGED_FACTS: Facts = {
  device: 'interactive_panel',
  symptom: 'no_display',
  cause: 'none_known',
  scope: 'single_device',
  usable: false,
  majorEvent: false,
};

export const TRIAGED_SUMMARY: ReportSummary = {
  source: 'llm',
  text: {
    'zh-CN': '明湖小学三年级二班的一体机黑屏，完全不能用。\n正常使用中出现，只影响这一台，今天有课急用。',
    en: 'The interactive panel in Grade 3 Class 2 at Minghu Primary shows no picture and cannot be used.\nIt happened in normal use, affects this panel only, and is needed for classes today.',
  },
};

export const TRIAGED_DESCRIPTION = '三年级二班的一体机突然黑屏了，开机灯亮但屏幕没有任何显示，今天有课急用';

/**
 * A ticket as the LLM triage leaves it (the lead's code writes it so): on the demo panel
 * FX-PNL-0001, its facts with their origins (teacher, LLM with a quote and a confidence, word
 * lists, defaults), the LLM's two-line summary, the stored LLM call, and a conversation handed to
 * a human with the summary. Severity and warranty are what the contract decides for the facts.
 */
export async function seedTriagedTicket(
  db: Db,
  catalog: Catalog,
  reportedAt: Date,
  options: { number?: string; contactName?: string } = {},
): Promise<{ ticketId: string; conversationId: string; llmCallId: string; number: string }> {
  const [asset] = await db.select().from(assets).where(eq(assets.tag, 'FX-PNL-0001'));
  if (!asset) throw new Error('the demo data has no panel FX-PNL-0001');
  const contract = catalog.contracts.get(asset.contractId)!;
  const assessment = assess(
    TRIAGED_FACTS,
    {
      kind: 'interactive_panel',
      acceptedAt: asset.acceptedAt,
      ...(asset.warrantyMonths ? { warrantyMonths: asset.warrantyMonths } : {}),
      replacedParts: [...asset.replacedParts],
    },
    contract,
    reportedAt,
  );
  const [contact] = await db
    .insert(contacts)
    .values({ name: options.contactName ?? '周老师' })
    .returning();
  const [conversation] = await db
    .insert(conversations)
    .values({
      channel: 'webchat',
      externalKey: `triaged-${randomUUID()}`,
      contactId: contact!.id,
      state: { lang: 'zh-CN' },
      humanRequestedAt: reportedAt,
      lastMessageAt: reportedAt,
      summary: TRIAGED_SUMMARY,
    })
    .returning();
  const llmCallId = randomUUID();
  await db.insert(llmCalls).values({
    id: llmCallId,
    at: reportedAt,
    conversationId: conversation!.id,
    model: 'qwen-plus',
    promptVersion: 'triage-2026-11',
    outcome: 'ok',
    latencyMs: 842,
    promptTokens: 612,
    completionTokens: 88,
    answer: { symptom: 'no_display', confidence: { symptom: 0.92 } },
    changed: ['symptom'],
  });
  const triage: TicketTriage = {
    text: TRIAGED_DESCRIPTION,
    origins: {
      device: { source: 'rules', quote: '一体机' },
      symptom: { source: 'llm', quote: '屏幕没有任何显示', confidence: 0.92 },
      cause: { source: 'teacher' },
      usable: { source: 'teacher' },
      scope: { source: 'teacher' },
      majorEvent: { source: 'default' },
    },
    summary: TRIAGED_SUMMARY,
    llmCallId,
  };
  const number = options.number ?? `FX-2026-9${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
  const [ticket] = await db
    .insert(tickets)
    .values({
      number,
      reporterId: contact!.id,
      conversationId: conversation!.id,
      assetId: asset.id,
      siteId: asset.siteId,
      roomId: asset.roomId,
      contractId: contract.id,
      description: TRIAGED_DESCRIPTION,
      facts: { ...TRIAGED_FACTS },
      severity: assessment.severity,
      severitySince: reportedAt,
      warranty: assessment.warranty,
      billable: assessment.billable,
      reasons: [...assessment.reasons],
      reportedAt,
      responseDueAt: assessment.sla.responseDueAt,
      onSiteDueAt: assessment.sla.onSiteDueAt,
      repairDueAt: assessment.sla.repairDueAt,
      loanerDueAt: assessment.sla.loanerDueAt,
      triage,
      createdAt: reportedAt,
      updatedAt: reportedAt,
    })
    .returning();
  return { ticketId: ticket!.id, conversationId: conversation!.id, llmCallId, number };
}
