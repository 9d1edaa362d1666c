import { describe, expect, it } from 'vitest';
import { TABLE_DEFS } from '../model/canonical';
import { FORMATS } from '../model/formats';
import type { ColumnParse } from '../model/value-sql';
import {
  EMPTY_MANIFEST,
  applyDateChoices,
  dateChoices,
  isStorableName,
  mappingFits,
  parseManifest,
  withChoices,
  withFile,
  withoutFile,
  type FileChoices,
  type Manifest,
  type StoredFile,
} from './stored-files';

const choices: FileChoices = {
  sheet: null,
  targets: [{ table: 'orders', roles: { order_id: 'order_id', ordered_at: 'order_date', revenue: 'total' } }],
  dates: { order_date: 'dmy' },
};
const shop: StoredFile = { name: 'shop-orders.csv', size: 312, lastModified: 1_717_000_000_000, choices };
const tab: StoredFile = { name: 'tab-orders.tsv', size: 64, lastModified: 1_717_000_100_000, choices: null };
const manifest: Manifest = { version: 1, files: [shop, tab] };

describe('parseManifest', () => {
  it('reads back what was written, in order', () => {
    expect(parseManifest(JSON.stringify(manifest))).toEqual(manifest);
  });

  it.each([
    ['empty text', ''],
    ['not JSON', '{"version":1,"files":['],
    ['null', 'null'],
    ['an array', '[]'],
    ['another version', JSON.stringify({ ...manifest, version: 2 })],
    ['no file list', JSON.stringify({ version: 1 })],
    ['a file list that is not a list', JSON.stringify({ version: 1, files: { a: shop } })],
  ])('gives no files for %s', (_, text) => {
    expect(parseManifest(text)).toEqual(EMPTY_MANIFEST);
  });

  it.each([
    ['no name', { ...shop, name: undefined }],
    ['an empty name', { ...shop, name: '' }],
    ['a path for a name', { ...shop, name: '../manifest.json' }],
    ['a folder name', { ...shop, name: '..' }],
    ['a size that is text', { ...shop, size: '312' }],
    ['a negative size', { ...shop, size: -1 }],
    ['a fractional size', { ...shop, size: 1.5 }],
    ['no date', { ...shop, lastModified: null }],
    ['a number for an entry', 42],
  ])('leaves out an entry with %s and keeps the others', (_, entry) => {
    const text = JSON.stringify({ version: 1, files: [entry, tab] });
    expect(parseManifest(text).files).toEqual([tab]);
  });

  it('keeps the first of two entries of one name', () => {
    const text = JSON.stringify({ version: 1, files: [shop, { ...shop, size: 1 }] });
    expect(parseManifest(text).files).toEqual([shop]);
  });

  it.each([
    ['a table that does not exist', { ...choices, targets: [{ table: 'customers', roles: {} }] }],
    [
      'a role the table does not have',
      { ...choices, targets: [{ table: 'orders', roles: { colour: 'c' } }] },
    ],
    ['a column that is not text', { ...choices, targets: [{ table: 'orders', roles: { order_id: 7 } }] }],
    ['an empty column', { ...choices, targets: [{ table: 'orders', roles: { order_id: '' } }] }],
    ['roles that are a list', { ...choices, targets: [{ table: 'orders', roles: ['order_id'] }] }],
    [
      'an unknown derivation',
      { ...choices, targets: [{ table: 'orders', roles: {}, derivation: 'orders-from-thin-air' }] },
    ],
    ['a date choice that is not one', { ...choices, dates: { order_date: 'ydm' } }],
    ['a sheet that is not text', { ...choices, sheet: 3 }],
    ['no targets', { ...choices, targets: undefined }],
    ['no dates', { ...choices, dates: undefined }],
  ])('drops choices with %s, keeping the file', (_, damaged) => {
    const text = JSON.stringify({ version: 1, files: [{ ...shop, choices: damaged }] });
    expect(parseManifest(text).files).toEqual([{ ...shop, choices: null }]);
  });

  it('takes every mapping the formats make', () => {
    for (const format of FORMATS) {
      for (const target of format.targets) {
        const roles = Object.fromEntries(Object.keys(target.roles).map((role) => [role, 'a column']));
        const stored = {
          ...choices,
          targets: [{ table: target.table, roles, derivation: target.derivation }],
        };
        const text = JSON.stringify({ version: 1, files: [{ ...shop, choices: stored }] });
        expect(parseManifest(text).files[0]?.choices, `${format.id} → ${target.table}`).not.toBeNull();
      }
    }
  });

  it('takes every role of every canonical table', () => {
    for (const def of Object.values(TABLE_DEFS)) {
      const roles = Object.fromEntries(def.roles.map((r) => [r.role, r.role]));
      const stored = { ...choices, targets: [{ table: def.name, roles }] };
      const text = JSON.stringify({ version: 1, files: [{ ...shop, choices: stored }] });
      expect(parseManifest(text).files[0]?.choices?.targets[0]?.roles).toEqual(roles);
    }
  });
});

describe('manifest edits', () => {
  it('adds a new file at the end', () => {
    expect(withFile({ version: 1, files: [shop] }, tab).files).toEqual([shop, tab]);
  });

  it('puts a file of the same name in its place', () => {
    const newer = { ...shop, size: 400, choices: null };
    expect(withFile(manifest, newer).files).toEqual([newer, tab]);
  });

  it('removes a file by name, and leaves the list as it is for a name it does not hold', () => {
    expect(withoutFile(manifest, 'shop-orders.csv').files).toEqual([tab]);
    expect(withoutFile(manifest, 'other.csv')).toEqual(manifest);
  });

  it('records choices for a listed file only', () => {
    expect(withChoices(manifest, 'tab-orders.tsv', choices).files).toEqual([shop, { ...tab, choices }]);
    expect(withChoices(manifest, 'other.csv', choices)).toEqual(manifest);
  });
});

describe('isStorableName', () => {
  it.each([
    ['orders.csv', true],
    ['Bestellungen März 2024.xlsx', true],
    ['', false],
    ['.', false],
    ['..', false],
    ['a/b.csv', false],
    ['a\\b.csv', false],
    ['x'.repeat(256), false],
  ])('%s → %s', (name, ok) => {
    expect(isStorableName(name)).toBe(ok);
  });
});

describe('date choices', () => {
  const dateFormat = (order: 'dmy' | 'mdy' | 'ymd') =>
    ({ kind: 'date', order, separator: '/', ambiguous: true, twoDigitYear: false, reason: '' }) as const;
  const parse: Record<string, ColumnParse> = {
    shipped: { typed: { order: 'dmy', pattern: '%d/%m/%Y', ambiguous: true }, swapDayMonth: true },
    paid: { typed: { order: 'dmy', pattern: '%d/%m/%Y', ambiguous: true } },
    ordered: { format: dateFormat('mdy') },
    iso: { format: dateFormat('ymd') },
    total: { format: { kind: 'number', decimal: ',', thousands: '.', currency: '€', reason: '' } },
  };

  it('records swapped typed columns and the order of text dates', () => {
    expect(dateChoices(parse)).toEqual({ shipped: 'swapped', ordered: 'mdy' });
  });

  it('puts them back on a fresh plan', () => {
    const fresh: Record<string, ColumnParse> = {
      shipped: { typed: { order: 'dmy', pattern: '%d/%m/%Y', ambiguous: true } },
      ordered: { format: dateFormat('dmy') },
      iso: { format: dateFormat('ymd') },
    };
    const applied = applyDateChoices(fresh, dateChoices(parse));
    expect(applied.shipped?.swapDayMonth).toBe(true);
    expect(applied.ordered?.format).toEqual(dateFormat('mdy'));
    expect(applied.iso).toEqual(fresh.iso);
    expect(dateChoices(applied)).toEqual(dateChoices(parse));
  });

  it('leaves a column alone when it no longer reads that way', () => {
    const fresh: Record<string, ColumnParse> = { shipped: { format: dateFormat('ymd') }, ordered: {} };
    expect(applyDateChoices(fresh, { shipped: 'swapped', ordered: 'dmy' })).toEqual(fresh);
  });
});

describe('mappingFits', () => {
  const columns = [
    { name: 'order_id', type: 'BIGINT' },
    { name: 'order_date', type: 'TIMESTAMP' },
    { name: 'total', type: 'DOUBLE' },
  ];

  it('fits when every column named is there, constants aside', () => {
    expect(mappingFits(choices.targets, columns)).toBe(true);
    const constant = [{ table: 'orders' as const, roles: { order_id: 'order_id', currency: '=EUR' } }];
    expect(mappingFits(constant, columns)).toBe(true);
  });

  it('does not fit when a column is missing', () => {
    expect(mappingFits(choices.targets, columns.slice(0, 2))).toBe(false);
  });
});
