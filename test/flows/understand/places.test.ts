import { describe, expect, it } from 'vitest';
import { findPlace, type SiteWithRooms } from '../../../src/flows/understand/places.js';

const SITES: SiteWithRooms[] = [
  {
    id: 's1',
    label: '明湖小学',
    aliases: ['Minghu Primary School'],
    rooms: [
      { id: 'r1', label: '三年级二班', aliases: ['Grade 3 Class 2', 'Room 302'] },
      { id: 'r2', label: '五年级一班', aliases: ['Grade 5 Class 1', 'Room 501'] },
      { id: 'r3', label: '录播教室', aliases: ['Recording Studio'] },
    ],
  },
  {
    id: 's2',
    label: '东山中学',
    aliases: ['Dongshan Middle School'],
    rooms: [
      { id: 'r4', label: '初一（3）班', aliases: ['Grade 7 Class 3'] },
      { id: 'r5', label: '物理实验室', aliases: ['Physics Lab'] },
      { id: 'r6', label: '录播教室', aliases: ['Recording Studio'] },
    ],
  },
  { id: 's3', label: '示例市文化馆', rooms: [{ id: 'r7', label: '机房', aliases: ['Server Room'] }] },
];

const where = (text: string, siteId?: string) => {
  const found = findPlace(text, SITES, siteId);
  switch (found.kind) {
    case 'room':
      return `${found.site.id}/${found.room.id}`;
    case 'rooms':
      return found.rooms.map((r) => `${r.site.id}/${r.room.id}`);
    case 'site':
      return found.site.id;
    case 'none':
      return null;
  }
};

describe('findPlace', () => {
  it('finds a room named in a first message, its school implied when the name is unique', () => {
    expect(where('三年级二班的一体机触摸没反应')).toBe('s1/r1');
    expect(where('5年级1班黑板推不动')).toBe('s1/r2');
    expect(where('物理实验室电脑开不了机')).toBe('s2/r5');
    expect(where('初一3班的一体机')).toBe('s2/r4');
  });
  it('reads English names', () => {
    expect(where("the panel in Room 302 won't respond to touch")).toBe('s1/r1');
    expect(where('physics lab computer is dead')).toBe('s2/r5');
    expect(where('room 3021 is broken')).toBe(null);
  });
  it('takes the school named with the room', () => {
    expect(where('东山中学录播教室的一体机')).toBe('s2/r6');
    expect(where('明湖小学 录播教室')).toBe('s1/r3');
    expect(where('明湖的录播教室')).toBe('s1/r3');
  });
  it('never guesses between rooms of one name at several schools', () => {
    expect(where('录播教室的一体机黑屏')).toEqual(['s1/r3', 's2/r6']);
  });
  it('prefers the rooms of the school already chosen', () => {
    expect(where('录播教室', 's2')).toBe('s2/r6');
    expect(where('二班', 's1')).toBe('s1/r1');
    expect(where('5年级一班', 's1')).toBe('s1/r2');
  });
  it('finds a room at another school than the one chosen when only that one has it', () => {
    expect(where('物理实验室', 's1')).toBe('s2/r5');
  });
  it('gives the school alone when no room is named', () => {
    expect(where('明湖小学的投影仪坏了')).toBe('s1');
    expect(where('Minghu Primary School')).toBe('s1');
  });
  it('finds nothing where no place is named', () => {
    expect(where('一体机触摸没反应')).toBe(null);
    expect(where('the panel will not turn on')).toBe(null);
    expect(where('不知道')).toBe(null);
  });
});
