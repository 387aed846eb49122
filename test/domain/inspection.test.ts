import { beforeAll, describe, expect, it } from 'vitest';
import type { Contract } from '../../src/domain/contract.js';
import {
  awaitingNote,
  buildChecklist,
  checklistItem,
  currentLine,
  dueState,
  inspectionNumber,
  noticeAt,
  noticeOn,
  inspectionSequence,
  type InspectionItem,
  progressOf,
  roundsToPlan,
} from '../../src/domain/inspection.js';
import { shippedContracts } from '../support/contracts.js';

let gx: Contract;
let cg: Contract;
beforeAll(async () => ({ gx, cg } = await shippedContracts()));

const assets = [
  { id: 'a3', tag: 'P-0203', kind: 'interactive_panel', room: '302' },
  { id: 'a1', tag: 'P-0102', kind: 'interactive_panel', room: '101' },
  { id: 'a2', tag: 'V-0101', kind: 'visualizer', room: '101' },
  { id: 'a4', tag: 'S-0001', kind: 'speaker', room: '101' },
];

describe('the checklist of one inspection', () => {
  it('GX-EDU checks each panel (display, touch, computer, accessories) and each visualizer, by room then tag', () => {
    const rows = buildChecklist(gx.afterService.inspections.checklist, assets);
    expect(rows.map((r) => `${r.assetId}:${r.item}`)).toEqual([
      'a1:display',
      'a1:touch',
      'a1:computer',
      'a1:accessories',
      'a2:camera',
      'a3:display',
      'a3:touch',
      'a3:computer',
      'a3:accessories',
    ]);
    expect(rows.every((r) => r.result === null && r.photos.length === 0 && r.ticketId === null)).toBe(true);
  });

  it('CG-CULTURE checks the site once: network, servers, environment, backups', () => {
    const rows = buildChecklist(cg.afterService.inspections.checklist, assets);
    expect(rows.map((r) => r.item)).toEqual(['network', 'servers', 'environment', 'backups']);
    expect(rows.every((r) => r.assetId === null)).toBe(true);
  });

  it('finds the item behind a line, with its device and symptom for the ticket', () => {
    const list = gx.afterService.inspections.checklist;
    expect(checklistItem(list, { item: 'touch', assetId: 'a1' })).toMatchObject({ device: 'interactive_panel', symptom: 'touch_failure' });
    expect(checklistItem(cg.afterService.inspections.checklist, { item: 'backups', assetId: null })?.name['zh-CN']).toBe('数据备份');
    expect(checklistItem(list, { item: 'gone', assetId: 'a1' })).toBeNull();
  });
});

const line = (over: Partial<InspectionItem>): InspectionItem => ({
  item: 'x',
  assetId: null,
  result: null,
  note: null,
  photos: [],
  ticketId: null,
  checkedAt: null,
  checkedBy: null,
  ...over,
});

describe('progress', () => {
  it('says what is next, how many are checked and faulty, and when every line has a result', () => {
    const items = [line({ result: 'ok' }), line({ result: 'fault' }), line({})];
    expect(progressOf(items)).toEqual({ total: 3, checked: 2, faults: 1, next: 2, complete: false });
    expect(progressOf([line({ result: 'ok' }), line({ result: 'note' })]).complete).toBe(true);
    expect(progressOf([]).complete).toBe(false);
  });

  it('the next free text is the note of the fault or note marked last without one; a photo goes there, else to the line being asked', () => {
    const items = [
      line({ result: 'ok', checkedAt: '2026-03-01T02:00:00Z' }),
      line({ result: 'fault', checkedAt: '2026-03-01T02:05:00Z' }),
      line({ result: 'ok', checkedAt: '2026-03-01T02:09:00Z' }),
      line({}),
    ];
    expect(awaitingNote(items)).toBe(1);
    expect(currentLine(items)).toBe(1);
    const noted = items.map((i, n) => (n === 1 ? { ...i, note: 'cracked' } : i));
    expect(awaitingNote(noted)).toBeNull();
    // Line 3 was OK: a photo now is of line 4, the one the chat shows (sent before its button).
    expect(currentLine(noted)).toBe(3);
    // A photo right after a fault's description is of that fault.
    const described = noted.map((i, n) => (n === 1 ? { ...i, checkedAt: '2026-03-01T02:10:00Z' } : i));
    expect(currentLine(described)).toBe(1);
    // Nothing checked yet: the first line, the one on screen.
    expect(currentLine([line({}), line({})])).toBe(0);
    // Every line checked: the last one checked.
    expect(currentLine(noted.slice(0, 3))).toBe(2);
    expect(currentLine([])).toBeNull();
  });
});

describe('rounds and numbers', () => {
  it('plans the round in progress and the next one, never older history', () => {
    const anchor = { year: 2025, month: 1, day: 15 };
    expect(roundsToPlan(anchor, { firstMonths: 3, everyMonths: 3 }, { year: 2026, month: 3, day: 1 })).toEqual([
      '2026-01-15',
      '2026-04-15',
    ]);
    expect(roundsToPlan(anchor, { firstMonths: 3, everyMonths: 3 }, { year: 2025, month: 2, day: 1 })).toEqual(['2025-04-15']);
    expect(roundsToPlan(anchor, { firstMonths: 6, everyMonths: 6 }, { year: 2025, month: 7, day: 15 })).toEqual([
      '2025-07-15',
      '2026-01-15',
    ]);
  });

  it('numbers records XJ-<year>-<4 digits> and reads them back', () => {
    expect(inspectionNumber(2026, 7)).toBe('XJ-2026-0007');
    expect(inspectionSequence('XJ-2026-0007', 2026)).toBe(7);
    expect(inspectionSequence('XJ-2025-0007', 2026)).toBeNull();
    expect(inspectionSequence('FX-2026-0007', 2026)).toBeNull();
  });

  it('tells the coordinators at 09:00 in the contract zone, noticeBefore ahead of the due date', () => {
    expect(noticeOn('2026-04-15', 7 * 86_400_000)).toBe('2026-04-08');
    expect(noticeOn('2026-03-05', 14 * 86_400_000)).toBe('2026-02-19');
    expect(noticeAt('2026-04-15', 7 * 86_400_000, 'Asia/Shanghai').toISOString()).toBe('2026-04-08T01:00:00.000Z');
  });

  it('a planned inspection is due from its notice day, overdue after its date', () => {
    expect(dueState('planned', '2026-04-15', '2026-04-08', '2026-04-01')).toBe('planned');
    expect(dueState('planned', '2026-04-15', '2026-04-08', '2026-04-08')).toBe('due');
    expect(dueState('planned', '2026-04-15', '2026-04-08', '2026-04-16')).toBe('overdue');
    expect(dueState('done', '2026-04-15', '2026-04-08', '2026-05-16')).toBe('done');
  });
});
