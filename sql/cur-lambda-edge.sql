-- Lambda@Edge line items of a CUR 2.0 (Data Exports) table, summed per UTC day, account, usage
-- type, line item type, resource and region. edgecost runs this one text on DuckDB (`--cur`, the
-- table is read_parquet(...) of the export's files) and on Amazon Athena (`--athena-table`, Trino
-- dialect), so it keeps to what both engines share:
--   TIMESTAMP 'YYYY-MM-DD HH:MM:SS' literals, date_trunc('day', ts), CAST(... AS DATE),
--   CAST(... AS VARCHAR), CAST(... AS DECIMAL(38, 15)), SUM, COUNT(*), LIKE, IN, GROUP BY ordinals.
-- Every result column is a VARCHAR, so both engines hand back the same text (Athena returns text
-- anyway) and money is summed as DECIMAL, never as a double.
-- Placeholders, filled in by src/reconcile/cur-sql.ts (never from raw user text):
--   {{table}}            the table or read_parquet(...) call
--   {{start}} {{end}}    the window, 'YYYY-MM-DD 00:00:00' (end exclusive)
--   {{resource_id}}      line_item_resource_id, or CAST(NULL AS VARCHAR) when the export has no resource IDs
--   {{net_unblended_cost}} line_item_net_unblended_cost, or CAST(NULL AS DOUBLE) when absent
--   {{region_code}}      product_region_code, or CAST(NULL AS VARCHAR) when absent
SELECT
  CAST(CAST(date_trunc('day', line_item_usage_start_date) AS DATE) AS VARCHAR) AS usage_date,
  line_item_usage_account_id AS account_id,
  line_item_usage_type AS usage_type,
  line_item_line_item_type AS line_item_type,
  {{resource_id}} AS resource_id,
  {{region_code}} AS region_code,
  CAST(SUM(CAST(line_item_usage_amount AS DECIMAL(38, 15))) AS VARCHAR) AS usage_amount,
  CAST(SUM(CAST(line_item_unblended_cost AS DECIMAL(38, 15))) AS VARCHAR) AS unblended_cost,
  CAST(SUM(CAST({{net_unblended_cost}} AS DECIMAL(38, 15))) AS VARCHAR) AS net_unblended_cost,
  CAST(COUNT(*) AS VARCHAR) AS line_items
FROM {{table}}
WHERE line_item_usage_start_date >= TIMESTAMP '{{start}}'
  AND line_item_usage_start_date < TIMESTAMP '{{end}}'
  AND line_item_usage_type LIKE '%-Lambda-Edge-%'
GROUP BY 1, 2, 3, 4, 5, 6
ORDER BY 1, 2, 3, 4, 5, 6
