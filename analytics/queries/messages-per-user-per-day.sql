-- Assistant messages and conversations per user per day (UTC day each message started).
WITH messages AS (
  SELECT
    userid,
    conversationid,
    messageid,
    date_format(from_unixtime(min(startedat) / 1000), '%Y-%m-%d') AS day
  FROM records
  WHERE v = 1 AND messageid IS NOT NULL
  GROUP BY userid, conversationid, messageid
)
SELECT
  day,
  userid,
  count(*) AS messages,
  count(DISTINCT conversationid) AS conversations
FROM messages
GROUP BY day, userid
ORDER BY day, userid
