import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { planImport, type Register, type RegisterAsset } from '../../src/domain/asset-import/plan.js';
import type { ImportRow } from '../../src/domain/asset-import/rows.js';
import { ImportSpec } from '../../src/domain/asset-import/spec.js';

const spec = ImportSpec.parse(parse(readFileSync(new URL('../../flows/assets/import.yaml', import.meta.url), 'utf8')));
const column = () => '合同';

const register: Register = {
  sites: [{ id: 's1', name: '青松小学', aliases: ['Pine Primary'], contractId: 'GX-EDU' }],
  rooms: [{ id: 'r1', siteId: 's1', name: '四年级一班', aliases: ['Room 4-1'] }],
  assets: [
    {
      id: 'a1',
      tag: 'FX-PNL-0007',
      serial: 'SN-7',
      kind: 'interactive_panel',
      model: 'EduBoard 75',
      siteId: 's1',
      roomId: 'r1',
      contractId: 'GX-EDU',
      acceptedOn: '2024-09-01',
      warrantyMonths: null,
    },
    {
      id: 'a2',
      tag: 'FX-VIS-0001',
      serial: null,
      kind: 'visualizer',
      model: 'DocCam',
      siteId: 's1',
      roomId: 'r1',
      contractId: 'GX-EDU',
      acceptedOn: '2024-09-01',
      warrantyMonths: null,
    },
    {
      id: 'a3',
      tag: 'FX-VIS-0002',
      serial: null,
      kind: 'visualizer',
      model: 'DocCam',
      siteId: 's1',
      roomId: 'r1',
      contractId: 'GX-EDU',
      acceptedOn: '2024-09-01',
      warrantyMonths: null,
    },
  ],
};

let line = 1;
function row(values: Partial<ImportRow>): ImportRow {
  return {
    line: ++line,
    school: '青松小学',
    room: '四年级一班',
    kind: 'interactive_panel',
    model: null,
    serial: null,
    acceptedOn: '2024-09-01',
    warrantyMonths: null,
    contractId: null,
    tag: null,
    ...values,
  };
}

/** The register after a plan (what applying it leaves), for a second run. */
function applied(before: Register, plan: ReturnType<typeof planImport>): Register {
  const sites = [...before.sites, ...plan.newSites.map((s) => ({ id: s.key, name: s.name, aliases: [], contractId: s.contractId }))];
  const idOf = (ref: { id: string } | { key: string }) => ('id' in ref ? ref.id : ref.key);
  const rooms = [...before.rooms, ...plan.newRooms.map((r) => ({ id: r.key, siteId: idOf(r.site), name: r.name, aliases: [] }))];
  const asAsset = (id: string, v: (typeof plan.creates)[number]['values']): RegisterAsset => ({
    id,
    tag: v.tag,
    serial: v.serial,
    kind: v.kind,
    model: v.model,
    siteId: idOf(v.site),
    roomId: v.room ? idOf(v.room) : null,
    contractId: v.contractId,
    acceptedOn: v.acceptedOn,
    warrantyMonths: v.warrantyMonths,
  });
  const updated = new Map(plan.updates.map((u) => [u.assetId, u.values]));
  const assets = [
    ...before.assets.map((a) => (updated.has(a.id) ? asAsset(a.id, updated.get(a.id)!) : a)),
    ...plan.creates.map((c, i) => asAsset(`new-${i}`, c.values)),
  ];
  return { sites, rooms, assets };
}

describe('planning an import against the register', () => {
  it('finds an asset by its tag and logs only what changed, schools and rooms by name or alias', () => {
    const plan = planImport(
      spec,
      register,
      [row({ tag: 'FX-PNL-0007', serial: 'SN-7', model: 'EduBoard 86', school: 'Pine Primary', room: 'Room 4-1', warrantyMonths: 36 })],
      column,
    );
    expect(plan.creates).toEqual([]);
    expect(plan.updates).toHaveLength(1);
    expect(plan.updates[0]!.changes).toEqual({
      model: { before: 'EduBoard 75', after: 'EduBoard 86' },
      warrantyMonths: { before: null, after: 36 },
    });
  });

  it('without a tag finds by serial; without either, the k-th untagged row of a description is the k-th such asset', () => {
    const plan = planImport(
      spec,
      register,
      [
        row({ serial: 'sn-7', model: 'EduBoard 75' }),
        row({ kind: 'visualizer', model: 'DocCam' }),
        row({ kind: 'visualizer', model: 'DocCam' }),
        row({ kind: 'visualizer', model: 'DocCam' }),
      ],
      column,
    );
    expect(plan.unchanged).toBe(3);
    expect(plan.creates.map((c) => c.values.tag)).toEqual(['FX-VIS-0003']);
  });

  it('creates schools (with the row contract) and rooms once, and generates tags after the highest in use or named in the file', () => {
    const rows = [
      row({ school: '新桥中学', room: '初一（1）班', contractId: 'GX-EDU' }),
      row({ school: '新桥中学', room: '初一（1）班' }),
      row({ school: '新桥中学', room: '初一(1)班', tag: 'FX-PNL-0010' }),
      row({ school: '青松小学', room: '科学教室', kind: 'computer' }),
    ];
    const plan = planImport(spec, register, rows, column);
    expect(plan.problems).toEqual([]);
    expect(plan.newSites).toEqual([{ key: 'site:新桥中学', name: '新桥中学', contractId: 'GX-EDU' }]);
    expect(plan.newRooms.map((r) => r.name)).toEqual(['初一（1）班', '科学教室']);
    expect(plan.creates.map((c) => c.values.tag)).toEqual(['FX-PNL-0011', 'FX-PNL-0012', 'FX-PNL-0010', 'FX-PC-0001']);
    expect(plan.creates[0]!.values.contractId).toBe('GX-EDU');
  });

  it('a new school without a contract is a problem on its row, and the row is left out', () => {
    const plan = planImport(spec, register, [row({ school: '无名学校' })], column);
    expect(plan.problems).toEqual([{ line: expect.any(Number), column: '合同', code: 'new_school_needs_contract', value: '无名学校' }]);
    expect(plan.creates).toEqual([]);
  });

  it('moving an asset to another room is an update naming both rooms', () => {
    const plan = planImport(spec, register, [row({ tag: 'FX-VIS-0001', kind: 'visualizer', model: 'DocCam', room: '科学教室' })], column);
    expect(plan.updates[0]!.changes).toEqual({ room: { before: '四年级一班', after: '科学教室' } });
  });

  it('a second run of the same rows after applying the first changes nothing', () => {
    const rows = [
      row({ school: '新桥中学', room: '初一（1）班', contractId: 'CG-CULTURE', serial: 'X-1' }),
      row({ school: '新桥中学', room: '初一（1）班', contractId: 'CG-CULTURE' }),
      row({ school: '新桥中学', room: '初一（1）班', contractId: 'CG-CULTURE' }),
      row({ tag: 'FX-PNL-0007', serial: 'SN-7', model: 'EduBoard 86' }),
    ];
    const first = planImport(spec, register, rows, column);
    expect([first.creates.length, first.updates.length]).toEqual([3, 1]);
    const again = planImport(spec, applied(register, first), rows, column);
    expect(again).toMatchObject({ newSites: [], newRooms: [], creates: [], updates: [], unchanged: 4, problems: [] });
  });

  it('restores a retired asset a row names, as a change of "retired"; one not retired is unchanged', () => {
    const retired: Register = { ...register, assets: register.assets.map((a) => (a.id === 'a1' ? { ...a, retiredOn: '2026-10-01' } : a)) };
    const rows = [row({ tag: 'FX-PNL-0007', serial: 'SN-7', model: 'EduBoard 75' })];
    expect(planImport(spec, retired, rows, column).updates).toEqual([
      expect.objectContaining({ assetId: 'a1', changes: { retired: { before: '2026-10-01', after: null } } }),
    ]);
    expect(planImport(spec, register, rows, column)).toMatchObject({ updates: [], unchanged: 1 });
  });
});
