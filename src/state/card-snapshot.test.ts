import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../test/helpers/memory-storage';
import { readSnapshot, snapshotKey, writeSnapshot, type CardSnapshot } from './card-snapshot';

const key = snapshotKey([
  ['./assets/orders.csv-abc.gz'],
  { cards: ['revenue'] },
  'all',
  null,
  'previous',
  '2026-12-02',
]);
const snapshot: CardSnapshot = {
  key,
  shape: { tables: { orders: ['order_id', 'revenue'] }, facts: {} },
  extent: { first: '2023-01-01', last: '2024-05-01' },
  values: { revenue: { value: 1234.5, previous: 1000 } },
  trends: { revenue: [{ period: 1_700_000_000_000, value: 12 }] },
};

describe('card snapshot', () => {
  it('gives back what was kept, for the same key', () => {
    const storage = memoryStorage();
    writeSnapshot(storage, snapshot);
    expect(readSnapshot(storage, key)).toEqual(snapshot);
  });

  it.each([
    ['another key (another build, request or day)', (s: Storage) => writeSnapshot(s, snapshot), 'other'],
    ['nothing kept', () => undefined, key],
    ['unreadable JSON', (s: Storage) => s.setItem('kpi-notebook:demo-cards', '{'), key],
    [
      'an incomplete snapshot',
      (s: Storage) => s.setItem('kpi-notebook:demo-cards', JSON.stringify({ key, values: {} })),
      key,
    ],
  ])('gives nothing for %s', (_, prepare, asked) => {
    const storage = memoryStorage();
    prepare(storage);
    expect(readSnapshot(storage, asked)).toBeNull();
  });

  it('keeps nothing, and does not throw, when the storage is full or missing', () => {
    const full = memoryStorage({}, { full: true });
    expect(() => writeSnapshot(full, snapshot)).not.toThrow();
    expect(readSnapshot(full, key)).toBeNull();
    expect(() => writeSnapshot(null, snapshot)).not.toThrow();
    expect(readSnapshot(null, key)).toBeNull();
  });
});
