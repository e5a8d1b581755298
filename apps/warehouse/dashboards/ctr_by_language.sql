-- Impressions, clicks and CTR per day by the content's main language (its latest revision).
-- Interactions are counted once per eventId.
WITH interaction AS (
  SELECT value.*
  FROM interactions
  WHERE value IS NOT NULL
  QUALIFY ROW_NUMBER() OVER (PARTITION BY value.eventId ORDER BY timestamp) = 1
),
latest_content AS (
  SELECT key AS content_id, value.languages[SAFE_OFFSET(0)] AS main_language
  FROM content
  WHERE value IS NOT NULL
  QUALIFY ROW_NUMBER() OVER (PARTITION BY key ORDER BY value.occurredAt DESC, value.eventId DESC) = 1
)
SELECT
  DATE(TIMESTAMP_MILLIS(i.occurredAt)) AS day,
  COALESCE(c.main_language, 'unknown') AS language,
  COUNTIF(i.type = 'impression') AS impressions,
  COUNTIF(i.type = 'click') AS clicks,
  SAFE_DIVIDE(COUNTIF(i.type = 'click'), COUNTIF(i.type = 'impression')) AS ctr
FROM interaction AS i
LEFT JOIN latest_content AS c ON c.content_id = i.contentId
GROUP BY day, language
ORDER BY day, language
