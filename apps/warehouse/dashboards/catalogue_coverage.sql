-- Catalogue coverage per day: of the items live that day (published on or before it, expiring
-- on or after it, not taken down before it), the share shown at least once.
WITH latest_content AS (
  SELECT key AS content_id, value.publishedAt AS published_at, value.expiresAt AS expires_at
  FROM content
  WHERE value IS NOT NULL
  QUALIFY ROW_NUMBER() OVER (PARTITION BY key ORDER BY value.occurredAt DESC, value.eventId DESC) = 1
),
takedown AS (
  SELECT key AS content_id, MIN(eventTime) AS taken_down_at
  FROM content
  WHERE value IS NULL AND valueBase64 IS NULL
  GROUP BY key
),
days AS (
  SELECT DISTINCT DATE(TIMESTAMP_MILLIS(value.occurredAt)) AS day
  FROM interactions
  WHERE value IS NOT NULL
),
live AS (
  SELECT d.day, c.content_id
  FROM days AS d
  CROSS JOIN latest_content AS c
  LEFT JOIN takedown AS t ON t.content_id = c.content_id
  WHERE DATE(TIMESTAMP_MILLIS(c.published_at)) <= d.day
    AND DATE(TIMESTAMP_MILLIS(c.expires_at)) >= d.day
    AND (t.taken_down_at IS NULL OR DATE(TIMESTAMP_MILLIS(t.taken_down_at)) >= d.day)
),
shown AS (
  SELECT DISTINCT DATE(TIMESTAMP_MILLIS(value.occurredAt)) AS day, value.contentId AS content_id
  FROM interactions
  WHERE value IS NOT NULL AND value.type = 'impression'
)
SELECT
  l.day,
  COUNT(*) AS live_items,
  COUNT(s.content_id) AS shown_items,
  SAFE_DIVIDE(COUNT(s.content_id), COUNT(*)) AS coverage
FROM live AS l
LEFT JOIN shown AS s ON s.day = l.day AND s.content_id = l.content_id
GROUP BY l.day
ORDER BY l.day
