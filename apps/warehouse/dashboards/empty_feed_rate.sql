-- Empty-feed rate per day: the share of feeds the recommender produced with no card to show.
SELECT
  DATE(TIMESTAMP_MILLIS(value.occurredAt)) AS day,
  COUNT(*) AS feeds,
  COUNTIF(ARRAY_LENGTH(value.cards) = 0) AS empty_feeds,
  SAFE_DIVIDE(COUNTIF(ARRAY_LENGTH(value.cards) = 0), COUNT(*)) AS empty_rate
FROM feeds
WHERE value IS NOT NULL
GROUP BY day
ORDER BY day
