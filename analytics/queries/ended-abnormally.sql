-- Answers that ended with an abort or an error chunk, per day: counts and their rate among all answers.
-- Chunks are reached by position because Athena and DuckDB unnest an
-- array of rows differently (see docs/analytics.md).
WITH chunk_rows AS (
  SELECT
    r.messageid,
    r.startedat,
    json_extract_scalar(r.chunks[i].chunk, '$.type') AS chunk_type
  FROM records AS r
  CROSS JOIN UNNEST(sequence(1, cardinality(r.chunks))) AS t (i)
  WHERE r.v = 1 AND r.messageid IS NOT NULL AND cardinality(r.chunks) > 0
),
answers AS (
  SELECT
    messageid,
    date_format(from_unixtime(min(startedat) / 1000), '%Y-%m-%d') AS day,
    count_if(chunk_type = 'abort') > 0 AS aborted,
    count_if(chunk_type = 'error') > 0 AS errored
  FROM chunk_rows
  GROUP BY messageid
)
SELECT
  day,
  count(*) AS answers,
  count_if(aborted) AS aborted,
  count_if(errored) AS errored,
  count_if(aborted OR errored) AS ended_abnormally,
  round(CAST(count_if(aborted OR errored) AS double) / count(*), 4)
    AS abnormal_rate
FROM answers
GROUP BY day
ORDER BY day
