-- Impressions, clicks and CTR per day by the card's slot in the feed (0 = top). Interactions are
-- counted once per eventId.
WITH interaction AS (
  SELECT value.*
  FROM interactions
  WHERE value IS NOT NULL
  QUALIFY ROW_NUMBER() OVER (PARTITION BY value.eventId ORDER BY timestamp) = 1
)
SELECT
  DATE(TIMESTAMP_MILLIS(occurredAt)) AS day,
  position,
  COUNTIF(type = 'impression') AS impressions,
  COUNTIF(type = 'click') AS clicks,
  SAFE_DIVIDE(COUNTIF(type = 'click'), COUNTIF(type = 'impression')) AS ctr
FROM interaction
GROUP BY day, position
ORDER BY day, position
