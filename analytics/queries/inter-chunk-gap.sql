-- Milliseconds between consecutive chunks of a message (by seq), per day: gap count, p50, p90, p99 (approx_percentile) and max.
-- Chunks are reached by position because Athena and DuckDB unnest an
-- array of rows differently (see docs/analytics.md); DISTINCT drops
-- copies of a record that was put or delivered twice.
WITH chunk_rows AS (
  SELECT DISTINCT
    r.messageid,
    r.startedat,
    r.chunks[i].seq AS seq,
    r.chunks[i].receivedat AS receivedat
  FROM records AS r
  CROSS JOIN UNNEST(sequence(1, cardinality(r.chunks))) AS t (i)
  WHERE r.v = 1 AND r.messageid IS NOT NULL AND cardinality(r.chunks) > 0
),
gaps AS (
  SELECT
    date_format(from_unixtime(startedat / 1000), '%Y-%m-%d') AS day,
    receivedat - lag(receivedat) OVER (
      PARTITION BY messageid
      ORDER BY seq
    ) AS gap_ms
  FROM chunk_rows
)
SELECT
  day,
  count(*) AS gaps,
  approx_percentile(gap_ms, 0.5) AS p50_ms,
  approx_percentile(gap_ms, 0.9) AS p90_ms,
  approx_percentile(gap_ms, 0.99) AS p99_ms,
  max(gap_ms) AS max_ms
FROM gaps
WHERE gap_ms IS NOT NULL
GROUP BY day
ORDER BY day
