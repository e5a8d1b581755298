import { EXAMPLE_FEED_ID } from '@tessera/contracts/examples';
import { describe, expect, it } from 'vitest';
import { parseInteractionBatch } from './body.js';

const NOW = 1_795_320_000_000;
const ok = { eventId: '01890a5d-ac96-774b-bcce-b302099a8057', occurredAt: 1_795_320_000_000, userId: 'u', deviceId: 'd', type: 'click', contentId: 'c', feedId: EXAMPLE_FEED_ID, position: 0 };

describe('parseInteractionBatch', () => {
  it('refuses a body that is not { events: [...] } or is empty or too long, as a whole', () => {
    expect(parseInteractionBatch([ok], 10, NOW)).toMatchObject({ ok: false, code: 'invalid_body' });
    expect(parseInteractionBatch({ events: [] }, 10, NOW)).toMatchObject({ ok: false, code: 'invalid_body' });
    expect(parseInteractionBatch(null, 10, NOW)).toMatchObject({ ok: false, code: 'invalid_body' });
    expect(parseInteractionBatch({ events: [ok, ok, ok] }, 2, NOW)).toMatchObject({ ok: false, code: 'batch_too_large' });
  });

  it('keeps valid events with their index and gives each invalid one a stable code', () => {
    const r = parseInteractionBatch({ events: [
      ok,
      { ...ok, type: 'poke' },
      Object.fromEntries(Object.entries(ok).filter(([k]) => k !== 'feedId')),
      { ...ok, type: 'watch' },
      { ...ok, contentId: 'x'.repeat(65) },
      { ...ok, position: 100 },
      { ...ok, occurredAt: 1_795_320_000 },
      { ...ok, eventId: 'not-an-id' },
      42,
      { type: 'poke' },
    ] }, 20, NOW);
    if (!r.ok) throw new Error('expected ok');
    expect(r.valid.map((v) => v.index)).toEqual([0]);
    expect(r.rejected.map((x) => [x.index, x.code])).toEqual([
      [1, 'unknown_event_type'], [2, 'missing_field'], [3, 'missing_field'], [4, 'field_too_large'],
      [5, 'field_too_large'], [6, 'invalid_field'], [7, 'invalid_field'], [8, 'invalid_event'], [9, 'unknown_event_type'],
    ]);
  });
});
