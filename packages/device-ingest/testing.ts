// The test kit of @tessera/device-ingest (`@tessera/device-ingest/testing`), for the suites of the
// apps built on it (beacon, clicks-tracker); no production module imports it. The device-token
// secret those suites sign tokens with (device-auth's signDeviceToken) and verify against.

/** HS256 key of the test device tokens (32 bytes, as the config requires). */
export const TEST_DEVICE_SECRET = 'test-device-key-0123456789abcdef';
