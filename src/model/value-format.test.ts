import { describe, expect, it } from 'vitest';
import { inferNumberFormat, inferTimeFormat } from './value-format';

describe('inferNumberFormat', () => {
  it.each([
    // samples, decimal-comma hint, decimal, thousands, currency
    [['12,50', '3,00', '1.234,56'], false, ',', '.', null],
    [['12,50', '7'], true, ',', '', null],
    [['€ 12,50', '€ 99,95', '€ 1.234,56'], true, ',', '.', '€'],
    [['1 234,50 kr', '99,00 kr'], true, ',', ' ', 'kr'],
    [['1.234,56 €', '12,00 €'], true, ',', '.', '€'],
    [['$1,234.50', '$99.95'], false, '.', ',', '$'],
    [['1,234,567', '12'], false, '.', ',', null],
    [['1.234.567', '12'], true, ',', '.', null],
    [['12.5', '3'], false, '.', '', null],
    [['1.234', '2.500'], true, ',', '.', null],
    [['1,234', '2,500'], false, '.', ',', null],
    [['1,234', '2,500'], true, ',', '', null],
    [['-12,50', '3,10'], true, ',', '', null],
    [['12', '7'], false, '.', '', null],
    [['-€ 12,50', '€ 3,10'], true, ',', '', '€'],
    [['-£ 0.01', '£ 2.00'], false, '.', '', '£'],
  ])(
    '%j (hint %s) → decimal %s, thousands "%s", currency %s',
    (samples, hint, decimal, thousands, currency) => {
      expect(inferNumberFormat(samples, hint)).toMatchObject({
        kind: 'number',
        decimal,
        thousands,
        currency,
      });
    },
  );

  it.each([[['abc', 'def']], [['12-01-2024']], [[]], [['12,50', 'n/a', 'x', 'y']]])(
    '%j is not a number column',
    (samples) => {
      expect(inferNumberFormat(samples)).toBeNull();
    },
  );

  it('says why it chose a separator', () => {
    expect(inferNumberFormat(['12,50'])?.reason).toBe('"12,50" has 2 digits after ",": a decimal separator.');
  });
});

describe('inferTimeFormat', () => {
  it.each([
    [['31-12-2024', '01-02-2024'], false, 'dmy', '-', false],
    [['12/31/2024', '01/02/2024'], false, 'mdy', '/', false],
    [['31.12.2024 10:15', '5.3.2024'], false, 'dmy', '.', false],
    [['01/02/2024', '03/04/2024'], false, 'mdy', '/', true],
    [['01/02/2024', '03/04/2024'], true, 'dmy', '/', true],
    [['01-02-2024', '03-04-2024'], false, 'dmy', '-', true],
    [['2024/12/31', '2024/01/02'], false, 'ymd', '/', false],
  ])('%j (day-first hint %s) → %s with "%s", ambiguous %s', (samples, hint, order, separator, ambiguous) => {
    expect(inferTimeFormat(samples, hint)).toMatchObject({ kind: 'date', order, separator, ambiguous });
  });

  it('tells two-digit years', () => {
    expect(inferTimeFormat(['31.12.24'])).toMatchObject({ kind: 'date', order: 'dmy', twoDigitYear: true });
  });

  it.each([
    [['1727740800', '1727827200'], 's'],
    [['1727740800000', '1727827200123'], 'ms'],
  ])('%j are Unix times in %s', (samples, unit) => {
    expect(inferTimeFormat(samples)).toMatchObject({ kind: 'epoch', unit });
  });

  it('reads eight digits as yyyymmdd', () => {
    expect(inferTimeFormat(['20241001', '20241231'])).toMatchObject({ kind: 'compact' });
  });

  it.each([[['13/13/2024']], [['hello']], [['12345']], [['31-12-2024', '2024/01/02']], [['20241301']]])(
    '%j is not a time column',
    (samples) => expect(inferTimeFormat(samples)).toBeNull(),
  );

  it('states an ambiguous choice and how to change it', () => {
    expect(inferTimeFormat(['01/02/2024'])?.reason).toBe(
      'Every date reads both ways (no day above 12); taken as month first, as US files do. Change it if that is wrong.',
    );
  });
});
