-- Messages, chunks and output tokens per conversation per day (UTC day each message started).
-- Chunks are reached by position because Athena and DuckDB unnest an
-- array of rows differently (see docs/analytics.md); DISTINCT drops
-- copies of a record that was put or delivered twice.
WITH chunk_rows AS (
  SELECT DISTINCT
    r.conversationid,
    r.messageid,
    r.startedat,
    r.chunks[i].seq AS seq,
    r.chunks[i].chunk AS chunk
  FROM records AS r
  CROSS JOIN UNNEST(sequence(1, cardinality(r.chunks))) AS t (i)
  WHERE r.v = 1 AND r.messageid IS NOT NULL AND cardinality(r.chunks) > 0
),
messages AS (
  SELECT
    conversationid,
    messageid,
    date_format(from_unixtime(min(startedat) / 1000), '%Y-%m-%d') AS day,
    count(*) AS chunk_count,
    -- lower() makes the path match whether or not the SerDe kept the
    -- case of nested keys.
    max(TRY_CAST(json_extract_scalar(
      lower(chunk), '$.messagemetadata.usage.outputtokens'
    ) AS bigint)) AS output_tokens
  FROM chunk_rows
  GROUP BY conversationid, messageid
)
SELECT
  day,
  conversationid,
  count(*) AS messages,
  sum(chunk_count) AS chunks,
  coalesce(sum(output_tokens), 0) AS output_tokens
FROM messages
GROUP BY day, conversationid
ORDER BY day, conversationid
