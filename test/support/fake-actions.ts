import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { classifyIntent, IntentsFile } from '../../src/flows/intents.js';
import type { Json } from '../../src/flows/schema.js';
import { FLOWS_DIR } from './contracts.js';
import type { FakeActions } from './flows.js';

/** The shipped intents (flows/intents.yaml): the fake classifier is the real one. */
export const shippedIntents = IntentsFile.parse(parse(readFileSync(path.join(FLOWS_DIR, 'intents.yaml'), 'utf8')));

const site = { id: 's1', label: '明湖小学' };
const room = { id: 'r1', label: '三年级二班' };
const panel = {
  id: 'a1',
  tag: 'FX-PNL-0001',
  label: '一体机 FX-PNL-0001',
  kind: 'interactive_panel',
  site,
  room,
  place: '明湖小学 三年级二班',
};

/** Fakes for the built-in actions: one school, one room, one panel, as a small district would have. */
export function fakeActions(over: Partial<FakeActions> = {}): FakeActions {
  return {
    load_profile: () => ({ outcome: 'unknown', value: {} }),
    save_profile: () => ({ outcome: 'ok' }),
    list_sites: () => ({ outcome: 'ok', value: [site, { id: 's2', label: '东山中学' }] }),
    list_rooms: () => ({ outcome: 'ok', value: [room, { id: 'r2', label: '五年级一班' }] }),
    list_assets: () => ({ outcome: 'ok', value: [{ id: 'a1', label: panel.label, value: panel }] }),
    find_asset: (input) => (input.tag === 'FX-PNL-0001' ? { outcome: 'found', value: panel } : { outcome: 'not_found' }),
    find_place: (input) => {
      const typed = typeof input.text === 'string' ? input.text : '';
      if (typed.includes('三年级二班')) return { outcome: 'room', value: { site, room } };
      return typed.includes('明湖') ? { outcome: 'site', value: { site } } : { outcome: 'none' };
    },
    find_device: (input) => {
      const typed = typeof input.text === 'string' ? input.text : '';
      if (typed.includes('FX-PNL-0001') || (typed.includes('一体机') && input.room)) return { outcome: 'found', value: panel };
      if (typed.includes('电脑')) return { outcome: 'kind', value: { kind: 'computer', label: { 'zh-CN': '电脑', en: 'Computer' } } };
      return { outcome: 'not_found' };
    },
    // The word lists alone (no LLM): the report goes on as the word-list fakes around say.
    understand_report: (input) => ({ outcome: 'rules', value: { text: typeof input.text === 'string' ? input.text : '', llm: false } }),
    describe_facts: () => ({ outcome: 'ok', value: { 'zh-CN': '问题：触摸失灵', en: 'Problem: touch not working' } }),
    read_facts: (input) => ({
      outcome: 'ok',
      value: typeof input.text === 'string' && input.text.includes('完全不能用') ? { usable: false } : {},
    }),
    triage: (input) => ({
      outcome: 'ok',
      value: {
        facts: { symptom: typeof input.text === 'string' && input.text.includes('触摸') ? 'touch_failure' : 'no_power' } as Json,
        summary: { 'zh-CN': 'C级，在保', en: 'C, in warranty' },
      },
    }),
    first_aid: (input) =>
      input.symptom === 'no_power'
        ? { outcome: 'tips', value: { 'zh-CN': '检查电源连接', en: 'Check the power connection' } }
        : { outcome: 'none' },
    first_aid_solved: () => ({ outcome: 'ok' }),
    create_ticket: () => ({
      outcome: 'created',
      value: { number: 'FX-2026-000001', summary: { 'zh-CN': '故障等级 C', en: 'Severity C' } },
    }),
    list_my_tickets: () => ({
      outcome: 'some',
      value: {
        text: { 'zh-CN': '您有 1 张工单', en: 'You have 1 ticket' },
        items: [{ id: 'FX-2026-000001', label: 'FX-2026-000001', value: 'FX-2026-000001' }],
      },
    }),
    ticket_detail: (input) =>
      input.number === 'FX-2026-000001'
        ? { outcome: 'found', value: { text: { 'zh-CN': '工单 FX-2026-000001：已登记', en: 'Ticket FX-2026-000001: registered' } } }
        : { outcome: 'not_found' },
    request_human: () => ({
      outcome: 'offline',
      value: { text: { 'zh-CN': '客服工作时间为 8:00–18:00。', en: 'Agents answer 8:00–18:00.' } },
    }),
    classify_intent: (input) => ({ outcome: classifyIntent(typeof input.text === 'string' ? input.text : '', shippedIntents) }),
    recent_ticket: () => ({ outcome: 'none' }),
    open_ticket_on_asset: () => ({ outcome: 'none' }),
    reopen_ticket: (input) => ({
      outcome: 'reopened',
      value: { number: input.number, status: { 'zh-CN': '远程支持', en: 'Remote support' } },
    }),
    add_to_ticket: (input) => ({ outcome: 'added', value: { number: input.number } }),
    ...over,
  };
}
