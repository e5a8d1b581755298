-- Content freshness at impression: how old (minutes since the publisher published it) an item
-- was when it was shown, p50 and p90 per day, and the share of impressions under 24 hours old.
-- Quantiles are approximate in both BigQuery and DuckDB.
WITH impression AS (
  SELECT value.*
  FROM interactions
  WHERE value IS NOT NULL AND value.type = 'impression'
  QUALIFY ROW_NUMBER() OVER (PARTITION BY value.eventId ORDER BY timestamp) = 1
),
latest_content AS (
  SELECT key AS content_id, value.publishedAt AS published_at
  FROM content
  WHERE value IS NOT NULL
  QUALIFY ROW_NUMBER() OVER (PARTITION BY key ORDER BY value.occurredAt DESC, value.eventId DESC) = 1
),
aged AS (
  SELECT DATE(TIMESTAMP_MILLIS(i.occurredAt)) AS day, (i.occurredAt - c.published_at) / 60000 AS age_minutes
  FROM impression AS i
  JOIN latest_content AS c ON c.content_id = i.contentId
)
SELECT
  day,
  COUNT(*) AS impressions,
  APPROX_QUANTILES(age_minutes, 100)[OFFSET(50)] AS age_p50_minutes,
  APPROX_QUANTILES(age_minutes, 100)[OFFSET(90)] AS age_p90_minutes,
  SAFE_DIVIDE(COUNTIF(age_minutes < 1440), COUNT(*)) AS share_under_24h
FROM aged
GROUP BY day
ORDER BY day
