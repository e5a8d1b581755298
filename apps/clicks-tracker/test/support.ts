// What the clicks-tracker integration suites add to @tessera/streams/testing (broker, Kafka, Redis,
// eventually, collect): the device-token secret and UUIDv7-shaped event ids.
import { randomBytes } from 'node:crypto';

export const SECRET = 'test-device-key-0123456789abcdef';

/** UUIDv7-shaped event ids, unique per call. */
export function eventId(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
