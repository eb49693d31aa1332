-- Messages and input, output and total tokens per day (UTC day each message started).
-- Chunks are reached by position because Athena and DuckDB unnest an
-- array of rows differently (see docs/analytics.md); DISTINCT drops
-- copies of a record that was put or delivered twice.
WITH chunk_rows AS (
  SELECT DISTINCT
    r.messageid,
    r.startedat,
    r.chunks[i].seq AS seq,
    r.chunks[i].chunk AS chunk
  FROM records AS r
  CROSS JOIN UNNEST(sequence(1, cardinality(r.chunks))) AS t (i)
  WHERE r.v = 1 AND r.messageid IS NOT NULL AND cardinality(r.chunks) > 0
),
messages AS (
  -- lower() makes the paths match whether or not the SerDe kept the
  -- case of nested keys.
  SELECT
    messageid,
    date_format(from_unixtime(min(startedat) / 1000), '%Y-%m-%d') AS day,
    max(TRY_CAST(json_extract_scalar(
      lower(chunk), '$.messagemetadata.usage.inputtokens'
    ) AS bigint)) AS input_tokens,
    max(TRY_CAST(json_extract_scalar(
      lower(chunk), '$.messagemetadata.usage.outputtokens'
    ) AS bigint)) AS output_tokens,
    max(TRY_CAST(json_extract_scalar(
      lower(chunk), '$.messagemetadata.usage.totaltokens'
    ) AS bigint)) AS total_tokens
  FROM chunk_rows
  GROUP BY messageid
)
SELECT
  day,
  count(*) AS messages,
  count(output_tokens) AS messages_with_usage,
  coalesce(sum(input_tokens), 0) AS input_tokens,
  coalesce(sum(output_tokens), 0) AS output_tokens,
  coalesce(sum(total_tokens), 0) AS total_tokens
FROM messages
GROUP BY day
ORDER BY day
