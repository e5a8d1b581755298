-- Dead-letter volume per day by the topic the record came from, the consumer group that gave up
-- and the error code: where the pipeline is losing records to dlq.v1.
SELECT
  DATE(TIMESTAMP_MILLIS(value.occurredAt)) AS day,
  value.source.topic AS source_topic,
  value.source.consumerGroup AS consumer_group,
  value.error.code AS error_code,
  COUNT(*) AS dead_letters
FROM dead_letters
WHERE value IS NOT NULL
GROUP BY day, source_topic, consumer_group, error_code
ORDER BY day, source_topic, consumer_group, error_code
