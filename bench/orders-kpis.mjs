// The KPI query the bare page and native DuckDB run over a loaded orders table `t`: revenue,
// orders, average order value and distinct customers, cancelled orders left out. A plain
// stand-in for the app's headline cards, which compute many more KPIs in one batch.
export const ORDERS_KPI_SQL = `SELECT
  sum(revenue) AS revenue,
  count(*) AS orders,
  sum(revenue) / count(*) AS aov,
  count(DISTINCT customer_id) AS customers
FROM t
WHERE status <> 'cancelled'`;
