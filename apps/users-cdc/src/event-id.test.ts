import { EVENT_ID_PATTERN } from '@tessera/contracts/schemas/primitives';
import { describe, expect, it } from 'vitest';
import { deterministicUuidV7 } from './event-id.js';

describe('deterministicUuidV7', () => {
  it('is a canonical UUIDv7 carrying the time, stable for the same seed', () => {
    const t = Date.UTC(2026, 10, 22, 4, 0, 0);
    const id = deterministicUuidV7(t, 'slot:1/A0#0:u1');
    expect(id).toMatch(new RegExp(EVENT_ID_PATTERN));
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(t);
    expect(deterministicUuidV7(t, 'slot:1/A0#0:u1')).toBe(id);
    expect(deterministicUuidV7(t, 'slot:1/A0#1:u1')).not.toBe(id);
  });
});
