import { describe, expect, it } from 'vitest';
import { tableNameForFile } from './table-name';

describe('tableNameForFile', () => {
  it.each([
    ['orders.csv', 'orders'],
    ['Orders Export (1).csv', 'orders_export_1'],
    ['orders.csv.gz', 'orders'],
    ['2024-sales.parquet', 't_2024_sales'],
    ['Bestellingen – é.csv', 'bestellingen_e'],
    ['"; DROP TABLE orders; --.csv', 'drop_table_orders'],
    ['.csv', 'table'],
    ['<script>alert(1)</script>.json', 'script_alert_1_script'],
  ])('%s → %s', (file, name) => {
    expect(tableNameForFile(file, [])).toBe(name);
  });

  it('adds a number when the name is taken', () => {
    expect(tableNameForFile('orders.csv', ['orders', 'orders_2'])).toBe('orders_3');
  });
});
