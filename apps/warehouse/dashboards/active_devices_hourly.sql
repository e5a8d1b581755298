-- Active devices per hour by region: distinct devices with a beacon in that UTC hour (event
-- time). Hours do not add up to the day: a device active in two hours counts in both.
SELECT
  DATE(TIMESTAMP_MILLIS(value.occurredAt)) AS day,
  EXTRACT(HOUR FROM TIMESTAMP_MILLIS(value.occurredAt)) AS hour,
  COALESCE(value.country, 'ZZ') AS region,
  COUNT(DISTINCT value.deviceId) AS active_devices
FROM beacons
WHERE value IS NOT NULL
GROUP BY day, hour, region
ORDER BY day, hour, region
