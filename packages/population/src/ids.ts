// Deterministic ids for simulated data: UUIDv7 (the contracts' eventId form) whose time part is
// the event time and whose random part comes from the seeded generator, so a seeded run produces
// byte-identical events.
import { v7 } from 'uuid';

export function seededUuid(random: () => number, atMs: number): string {
  const bytes = new Uint8Array(16);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(random() * 256);
  return v7({ msecs: Math.max(0, Math.floor(atMs)), random: bytes });
}
