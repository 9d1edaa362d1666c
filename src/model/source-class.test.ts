import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDB } from '../../test/helpers/native-duckdb';
import { literal } from '../sql/sql';
import { paidSql, sourceClassSql } from './source-class';

let db: Awaited<ReturnType<typeof openDuckDB>>;
beforeAll(async () => {
  db = await openDuckDB();
});
afterAll(() => db.close());

const classify = async (source: string | null, medium: string | null, referrer: string | null = null) => {
  const s = source === null ? 'NULL' : literal(source);
  const m = medium === null ? 'NULL' : literal(medium);
  const r = referrer === null ? 'NULL' : literal(referrer);
  const [row] = await db.run(`SELECT ${sourceClassSql(s, m, r)} AS class, ${paidSql(s, m)} AS paid`);
  return row;
};

describe('sourceClassSql', () => {
  it.each([
    // source, medium, referrer, class, paid
    ['(direct)', '(none)', null, 'direct', false],
    [null, null, null, 'direct', false],
    ['', '', null, 'direct', false],
    ['google', 'organic', null, 'organic search', false],
    ['Google', null, null, 'organic search', false],
    ['www.bing.com', null, null, 'organic search', false],
    ['google', 'cpc', null, 'paid search', true],
    ['bing', 'ppc', null, 'paid search', true],
    ['facebook', 'cpc', null, 'social', true],
    ['facebook', 'paid_social', null, 'social', true],
    ['instagram', 'social', null, 'social', false],
    // As GA4 does: a social site is social whatever the medium says.
    ['l.facebook.com', 'referral', null, 'social', false],
    ['pinterest', null, null, 'social', false],
    ['google', 'display', null, 'display', true],
    ['criteo', 'cpm', null, 'display', true],
    ['newsletter', 'email', null, 'email', false],
    ['klaviyo', null, null, 'email', false],
    ['wonenblog.nl', 'referral', null, 'referral', false],
    [null, null, 'https://wonenblog.nl/post', 'referral', false],
    ['tradetracker', 'affiliate', null, 'other', true],
    // GA4 "session source / medium" in one column.
    ['google / organic', null, null, 'organic search', false],
    ['google / cpc', null, null, 'paid search', true],
    ['(direct) / (none)', null, null, 'direct', false],
    ['mailchimp / email', null, null, 'email', false],
    // GA channel groupings.
    ['Organic Search', null, null, 'organic search', false],
    ['Paid Search', null, null, 'paid search', true],
    ['Social', null, null, 'social', false],
    ['Affiliates', null, null, 'other', true],
    ['(Other)', null, null, 'other', false],
    ['Display', null, null, 'display', true],
    ['Referral', null, null, 'referral', false],
  ])('%s / %s (referrer %s) → %s, paid %s', async (source, medium, referrer, cls, paid) => {
    expect(await classify(source, medium, referrer)).toEqual({ class: cls, paid });
  });
});
