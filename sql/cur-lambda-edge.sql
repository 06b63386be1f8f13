-- Lambda@Edge line items of a CUR 2.0 (Data Exports) table, summed over the window per account,
-- usage type, line item type, resource and region (with the first and last UTC day seen). edgecost runs this one text on DuckDB (`--cur`, the
-- table is read_parquet(...) of the export's files) and on Amazon Athena (`--athena-table`, Trino
-- dialect), so it keeps to what both engines share:
--   TIMESTAMP 'YYYY-MM-DD HH:MM:SS' literals, CAST(timestamp AS DATE) (the UTC day: CUR 2.0
--   timestamps are UTC), CAST(... AS VARCHAR), CAST(... AS DECIMAL(38, 15)), SUM, COUNT(*), LIKE,
--   a subquery in FROM, GROUP BY and ORDER BY ordinals.
-- Every result column is a VARCHAR, so both engines hand back the same text (Athena returns text
-- anyway) and money is summed as DECIMAL, never as a double. The text casts happen on the few
-- summed rows (a cast per line item would dominate the run time).
-- Placeholders, filled in by src/reconcile/cur-sql.ts (never from raw user text):
--   {{table}}            the table or read_parquet(...) call
--   {{start}} {{end}}    the window, 'YYYY-MM-DD 00:00:00' (end exclusive)
--   {{resource_id}}      line_item_resource_id, or CAST(NULL AS VARCHAR) when the export has no resource IDs
--   {{net_unblended_cost}} line_item_net_unblended_cost, or CAST(NULL AS DOUBLE) when absent
--   {{region_code}}      product_region_code, or CAST(NULL AS VARCHAR) when absent
SELECT
  CAST(first_day AS VARCHAR) AS first_date,
  CAST(last_day AS VARCHAR) AS last_date,
  account_id,
  usage_type,
  line_item_type,
  resource_id,
  region_code,
  CAST(usage_amount AS VARCHAR) AS usage_amount,
  CAST(unblended_cost AS VARCHAR) AS unblended_cost,
  CAST(net_unblended_cost AS VARCHAR) AS net_unblended_cost,
  CAST(line_items AS VARCHAR) AS line_items
FROM (
  SELECT
    line_item_usage_account_id AS account_id,
    line_item_usage_type AS usage_type,
    line_item_line_item_type AS line_item_type,
    {{resource_id}} AS resource_id,
    {{region_code}} AS region_code,
    SUM(CAST(line_item_usage_amount AS DECIMAL(38, 15))) AS usage_amount,
    SUM(CAST(line_item_unblended_cost AS DECIMAL(38, 15))) AS unblended_cost,
    SUM(CAST({{net_unblended_cost}} AS DECIMAL(38, 15))) AS net_unblended_cost,
    COUNT(*) AS line_items,
    MIN(CAST(line_item_usage_start_date AS DATE)) AS first_day,
    MAX(CAST(line_item_usage_start_date AS DATE)) AS last_day
  FROM {{table}}
  WHERE line_item_usage_start_date >= TIMESTAMP '{{start}}'
    AND line_item_usage_start_date < TIMESTAMP '{{end}}'
    AND line_item_usage_type LIKE '%-Lambda-Edge-%'
  GROUP BY 1, 2, 3, 4, 5
) AS summed
ORDER BY 3, 4, 5, 6, 7
