-- Active devices per day by region: distinct devices that sent at least one beacon that day
-- (UTC, event time). Region = the beacon's coarse country; ZZ when the device did not say.
SELECT
  DATE(TIMESTAMP_MILLIS(value.occurredAt)) AS day,
  COALESCE(value.country, 'ZZ') AS region,
  COUNT(DISTINCT value.deviceId) AS active_devices
FROM beacons
WHERE value IS NOT NULL
GROUP BY day, region
ORDER BY day, region
