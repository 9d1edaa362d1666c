/** A scalar KPI's value for the range and for the comparison period (null: no value). */
export interface KpiValue {
  value: number | null;
  previous: number | null;
}

const toNumber = (v: unknown): number | null => {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'bigint' ? Number(v) : Number(v);
  return Number.isFinite(n) ? n : null;
};

/** The values of a scalar request (no grain, no segment): its 'current' and 'comparison' rows. */
export function readScalars(
  rows: readonly Record<string, unknown>[],
  ids: readonly string[],
): Record<string, KpiValue> {
  const current = rows.find((r) => r.key === 'current');
  const comparison = rows.find((r) => r.key === 'comparison');
  const values: Record<string, KpiValue> = {};
  for (const id of ids) values[id] = { value: toNumber(current?.[id]), previous: toNumber(comparison?.[id]) };
  return values;
}

/** The relative change from the comparison value: null when either is missing or the comparison is 0. */
export function relativeChange(kpi: KpiValue): number | null {
  if (kpi.value === null || kpi.previous === null || kpi.previous === 0) return null;
  return (kpi.value - kpi.previous) / Math.abs(kpi.previous);
}
