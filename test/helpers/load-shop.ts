import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { buildFactsQuery, shapeOf, toFacts } from '../../src/metrics/facts';
import { summaryStatements } from '../../src/metrics/summaries';
import type { DataShape } from '../../src/metrics/types';
import { detectFormat, suppliedRoles, type ColumnInfo } from '../../src/model/detect';
import { buildQualityQuery, reportedMappings } from '../../src/model/quality';
import { lossyIdQuery, withoutLossyIds } from '../../src/model/lossy-ids';
import { columnsToSample, planColumnParsing } from '../../src/model/parse-plan';
import { readCsvExactly, textTypesOption } from '../../src/model/read-as-text';
import { buildCanonicalViews, type SourceTable } from '../../src/model/views';
import { literal, qualifiedName, quoteIdentifier } from '../../src/sql/sql';
import type { openDuckDB } from './native-duckdb';

type Db = Awaited<ReturnType<typeof openDuckDB>>;

/**
 * Loads files the app's way into native DuckDB: DuckDB reads each CSV (long numbers and times with
 * an offset as text), the file is recognised from its columns, text columns are sampled and
 * parsed by our rules, the canonical views are made, and the data is probed. Returns the shape KPIs are resolved against.
 */
export async function loadShop(db: Db, paths: readonly string[]): Promise<DataShape> {
  const sources: SourceTable[] = [];
  for (const [i, path] of paths.entries()) {
    const fileName = basename(path);
    const table = `t${i}`;
    await readCsvExactly(db.run, qualifiedName('files', table), {
      create: async (asText) => {
        await db.run(
          `CREATE OR REPLACE TABLE ${qualifiedName('files', table)} AS SELECT * FROM read_csv(${literal(path)}${textTypesOption(asText)})`,
        );
      },
      scan: (asText) => `read_csv(${literal(path)}${textTypesOption(asText)}, ignore_errors = true)`,
    });
    const described = await db.run(`DESCRIBE ${qualifiedName('files', table)}`);
    const columns: ColumnInfo[] = described.map((c) => ({
      name: String(c.column_name),
      type: String(c.column_type),
    }));
    const detection = detectFormat(fileName, columns);
    const check = lossyIdQuery('files', table, detection.targets, columns);
    const [lossy] = check ? await db.run(check) : [];
    const { targets } = withoutLossyIds(detection.targets, columns, lossy ?? {});
    const samples: Record<string, string[]> = {};
    for (const column of columnsToSample(columns, targets)) {
      const rows = await db.run(
        `SELECT DISTINCT CAST(${quoteIdentifier(column)} AS VARCHAR) AS v FROM ${qualifiedName('files', table)}
         WHERE ${quoteIdentifier(column)} IS NOT NULL LIMIT 500`,
      );
      samples[column] = rows.map((r) => String(r.v));
    }
    const head = path.endsWith('.gz')
      ? gunzipSync(readFileSync(path)).subarray(0, 200).toString()
      : readFileSync(path, 'utf8').slice(0, 200);
    const semicolon = head.split('\n')[0]?.includes(';') ?? false;
    const parse = planColumnParsing(columns, targets, samples, {
      decimalComma: semicolon,
      dayFirst: semicolon,
    });
    const [count] = await db.run(`SELECT count(*) AS n FROM ${qualifiedName('files', table)}`);
    sources.push({ schema: 'files', table, fileName, columns, parse, targets, rows: Number(count?.n ?? 0) });
  }
  // The canonical tables, then the summary tables over them (the app makes those after the first cards).
  const canonical = buildCanonicalViews(sources);
  const views = [...canonical, ...summaryStatements(canonical)];
  for (const view of views) {
    const started = performance.now();
    await db.run(view.sql);
    // PROFILE=1 (the benchmark's profile): what each canonical table takes to build.
    if (process.env.PROFILE)
      console.log(`build ${view.table}: ${Math.round(performance.now() - started)} ms`);
    if (process.env.SQL_DIR) writeFileSync(`${process.env.SQL_DIR}/build-${view.table}.sql`, view.sql);
  }
  // PROFILE=1: each file's data report, as the app makes it after the first cards.
  if (process.env.PROFILE) {
    const supplied = suppliedRoles(
      'orders',
      sources.flatMap((s) => s.targets),
    );
    for (const source of sources) {
      for (const mapping of reportedMappings(source, supplied)) {
        const started = performance.now();
        await db.run(buildQualityQuery(source, mapping, '2026-01-01'));
        console.log(
          `report ${source.fileName} as ${mapping.table}: ${Math.round(performance.now() - started)} ms`,
        );
      }
    }
  }
  const { tables } = shapeOf(views);
  const probe = buildFactsQuery(tables);
  const facts = probe ? toFacts((await db.run(probe)) as { fact: string; value: string | null }[]) : {};
  return { tables, facts };
}

const KPI_SHOP = fileURLToPath(new URL('../fixtures/kpi-shop/', import.meta.url));

/** A native DuckDB with the hand-made shop (test/fixtures/kpi-shop) loaded the app's way. */
export async function openKpiShop(open: typeof openDuckDB): Promise<{ db: Db; shape: DataShape }> {
  const db = await open();
  await db.run('CREATE SCHEMA files');
  const files = readdirSync(KPI_SHOP).filter((f) => f.endsWith('.csv'));
  const shape = await loadShop(
    db,
    files.map((f) => join(KPI_SHOP, f)),
  );
  return { db, shape };
}
