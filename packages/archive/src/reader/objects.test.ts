import { describe, expect, it } from 'vitest';
import { hourOverlaps, HOUR_MS, objectHour } from './objects.js';

const H = Date.UTC(2026, 10, 22, 3);
const key = (rest: string) => `arch/interactions.v1/${rest}`;

describe('archive object hours', () => {
  it('reads the hour from the dt=/hr= folder of an archive key of the topic under the prefix', () => {
    expect(objectHour(key('dt=2026-11-22/hr=03/interactions.v1+2+0000000000000000017.ndjson.gz'), 'arch', 'interactions.v1')).toBe(H);
    expect(objectHour(key('dt=2026-11-22/hr=03/interactions.v1+2+0000000000000000017.ndjson.gz'), '', 'interactions.v1')).toBeUndefined();
    expect(objectHour(key('dt=2026-11-22/hr=03/interactions.v1+2+0000000000000000017.ndjson.gz'), 'arch', 'beacons.v1')).toBeUndefined();
  });

  it('refuses what the archiver never writes: impossible dates, other names, deeper folders', () => {
    expect(objectHour(key('dt=2026-02-30/hr=03/interactions.v1+0+0000000000000000000.ndjson.gz'), 'arch', 'interactions.v1')).toBeUndefined();
    expect(objectHour(key('dt=2026-11-22/hr=24/interactions.v1+0+0000000000000000000.ndjson.gz'), 'arch', 'interactions.v1')).toBeUndefined();
    expect(objectHour(key('dt=2026-11-22/hr=03/notes.txt'), 'arch', 'interactions.v1')).toBeUndefined();
    expect(objectHour(key('old/interactions.v1/dt=2026-11-22/hr=03/interactions.v1+0+0000000000000000000.ndjson.gz'), 'arch', 'interactions.v1')).toBeUndefined();
  });

  it('keeps an hour when it overlaps [from, to)', () => {
    expect(hourOverlaps(H, undefined, undefined)).toBe(true);
    expect(hourOverlaps(H, H + HOUR_MS - 1, undefined)).toBe(true);
    expect(hourOverlaps(H, H + HOUR_MS, undefined)).toBe(false);
    expect(hourOverlaps(H, undefined, H + 1)).toBe(true);
    expect(hourOverlaps(H, undefined, H)).toBe(false);
  });
});
