-- The five most clicked items per day and main category (ties share a rank, so a category may
-- list more than five). Interactions are counted once per eventId.
WITH interaction AS (
  SELECT value.*
  FROM interactions
  WHERE value IS NOT NULL
  QUALIFY ROW_NUMBER() OVER (PARTITION BY value.eventId ORDER BY timestamp) = 1
),
latest_content AS (
  SELECT key AS content_id, value.categories[SAFE_OFFSET(0)] AS main_category, value.title AS title
  FROM content
  WHERE value IS NOT NULL
  QUALIFY ROW_NUMBER() OVER (PARTITION BY key ORDER BY value.occurredAt DESC, value.eventId DESC) = 1
),
per_item AS (
  SELECT
    DATE(TIMESTAMP_MILLIS(i.occurredAt)) AS day,
    COALESCE(c.main_category, 'unknown') AS category,
    i.contentId AS item_id,
    ANY_VALUE(c.title) AS title,
    COUNTIF(i.type = 'click') AS clicks,
    COUNTIF(i.type = 'impression') AS impressions
  FROM interaction AS i
  LEFT JOIN latest_content AS c ON c.content_id = i.contentId
  GROUP BY day, category, item_id
)
SELECT day, category, RANK() OVER (PARTITION BY day, category ORDER BY clicks DESC) AS rank_in_category, item_id AS content_id, title, clicks, impressions
FROM per_item
WHERE clicks > 0
QUALIFY RANK() OVER (PARTITION BY day, category ORDER BY clicks DESC) <= 5
ORDER BY day, category, rank_in_category, item_id
