import { describe, expect, it } from 'vitest';
import { momentAt } from './context.js';

// What momentAt must equal: a fresh Intl call at the exact instant.
function direct(now: number, timeZone: string): { localHour: number | undefined; weekday: number | undefined } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23', weekday: 'short' }).formatToParts(now);
  const hour = parts.find((p) => p.type === 'hour')?.value;
  const day = parts.find((p) => p.type === 'weekday')?.value;
  return { localHour: hour === undefined ? undefined : Number(hour), weekday: day === undefined ? undefined : ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(day) };
}

describe('momentAt', () => {
  it('gives the local hour and weekday of the exact instant in every kind of zone, across DST changes', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Australia/Eucla', 'Asia/Kolkata', 'Pacific/Chatham', 'America/St_Johns', 'UTC'];
    let seed = 3;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    // Around the 2026 European and US clock changes, and random instants of the year.
    const times = [Date.UTC(2026, 2, 29, 0, 59, 59, 999), Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 0, 59), Date.UTC(2026, 9, 25, 1, 0, 1), Date.UTC(2026, 2, 8, 7, 0)];
    for (let i = 0; i < 400; i += 1) times.push(Date.UTC(2026, 0, 1) + Math.floor(random() * 365 * 86_400_000));
    // Times in increasing order and shuffled: the per-zone cache must not depend on the order asked.
    for (const order of [[...times].sort((a, b) => a - b), times]) {
      for (const now of order) {
        for (const zone of zones) {
          const m = momentAt(now, zone);
          expect(m.now).toBe(now);
          expect({ localHour: m.localHour, weekday: m.weekday }).toEqual(direct(now, zone));
        }
      }
    }
  });

  it('leaves hour and weekday unknown without a zone or with one the runtime does not know', () => {
    expect(momentAt(5)).toEqual({ now: 5 });
    expect(momentAt(5, 'Mars/Olympus_Mons')).toEqual({ now: 5 });
  });
});
