import { describe, expect, it } from 'vitest';
import { lossyIdQuery, withoutLossyIds } from './lossy-ids';

const columns = [
  { name: 'visit_id', type: 'BIGINT' },
  { name: 'full_visitor_id', type: 'DOUBLE' },
  { name: 'pv', type: 'DOUBLE' },
];
const mapping = {
  table: 'sessions' as const,
  roles: { session_id: 'visit_id', visitor_id: 'full_visitor_id', pageviews: 'pv' },
};

describe('lossy ids', () => {
  it('checks only the id columns read as floating point numbers', () => {
    expect(lossyIdQuery('files', 'ga', [mapping], columns)).toBe(
      'SELECT coalesce(max(abs("full_visitor_id")) >= 1000000000000000, false) AS "full_visitor_id" FROM "files"."ga"',
    );
    expect(lossyIdQuery('files', 'ga', [mapping], [{ name: 'full_visitor_id', type: 'VARCHAR' }])).toBeNull();
  });

  it('leaves out an id role whose numbers lost their digits, and says why', () => {
    const { targets, notes } = withoutLossyIds([mapping], columns, { full_visitor_id: true });
    expect(targets).toEqual([{ table: 'sessions', roles: { session_id: 'visit_id', pageviews: 'pv' } }]);
    expect(notes).toEqual([
      'full_visitor_id holds rounded numbers, not ids (a spreadsheet wrote them as 2.82E+18): it is not used as visitor id. Export the ids as text to count them.',
    ]);
  });

  it('keeps floating point ids that are whole numbers within 15 digits (17850.0)', () => {
    const { targets, notes } = withoutLossyIds([mapping], columns, { full_visitor_id: false });
    expect(targets).toEqual([mapping]);
    expect(notes).toEqual([]);
  });
});
