// UUIDv7 event ids (the contracts' eventId form): 48 bits of the current time, then random bits
// from k6/crypto, with the version and variant set.
import crypto from 'k6/crypto';

export function uuidv7(): string {
  const bytes = new Uint8Array(crypto.randomBytes(16));
  let ms = Date.now();
  for (let i = 5; i >= 0; i -= 1) { bytes[i] = ms % 256; ms = Math.floor(ms / 256); }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
