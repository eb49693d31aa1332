-- Milliseconds from the start of generation to a message's first chunk and to its first text, per day: p50, p90 and p99 (approx_percentile).
-- Chunks are reached by position because Athena and DuckDB unnest an
-- array of rows differently (see docs/analytics.md); DISTINCT drops
-- copies of a record that was put or delivered twice.
WITH chunk_rows AS (
  SELECT DISTINCT
    r.messageid,
    r.startedat,
    r.chunks[i].seq AS seq,
    r.chunks[i].receivedat AS receivedat,
    json_extract_scalar(r.chunks[i].chunk, '$.type') AS chunk_type
  FROM records AS r
  CROSS JOIN UNNEST(sequence(1, cardinality(r.chunks))) AS t (i)
  WHERE r.v = 1 AND r.messageid IS NOT NULL AND cardinality(r.chunks) > 0
),
messages AS (
  SELECT
    messageid,
    date_format(from_unixtime(min(startedat) / 1000), '%Y-%m-%d') AS day,
    min(receivedat) - min(startedat) AS first_chunk_ms,
    min(CASE WHEN chunk_type = 'text-delta' THEN receivedat END)
      - min(startedat) AS first_text_ms
  FROM chunk_rows
  GROUP BY messageid
)
SELECT
  day,
  count(*) AS messages,
  approx_percentile(first_chunk_ms, 0.5) AS first_chunk_p50_ms,
  approx_percentile(first_chunk_ms, 0.9) AS first_chunk_p90_ms,
  approx_percentile(first_chunk_ms, 0.99) AS first_chunk_p99_ms,
  count(first_text_ms) AS messages_with_text,
  approx_percentile(first_text_ms, 0.5) AS first_text_p50_ms,
  approx_percentile(first_text_ms, 0.9) AS first_text_p90_ms,
  approx_percentile(first_text_ms, 0.99) AS first_text_p99_ms
FROM messages
GROUP BY day
ORDER BY day
