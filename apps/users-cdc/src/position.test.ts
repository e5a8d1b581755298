import { describe, expect, it } from 'vitest';
import { alreadyPublished, comparePositions, decodePosition, encodePosition } from './position.js';

describe('position', () => {
  it('orders by LSN first, then by index in the transaction', () => {
    expect(comparePositions({ lsn: 10n, seq: 5 }, { lsn: 11n, seq: 0 })).toBeLessThan(0);
    expect(comparePositions({ lsn: 11n, seq: 2 }, { lsn: 11n, seq: 1 })).toBeGreaterThan(0);
    expect(comparePositions({ lsn: 11n, seq: 1 }, { lsn: 11n, seq: 1 })).toBe(0);
  });

  it('round-trips through the header text and ignores foreign headers', () => {
    const p = { lsn: 0x1_0000_00a0n, seq: 3 };
    expect(encodePosition(p)).toBe('1/A0#3');
    expect(decodePosition(encodePosition(p))).toEqual(p);
    expect(decodePosition(undefined)).toBeNull();
    expect(decodePosition('garbage')).toBeNull();
  });

  it('skips only records at or below the mark of their own partition', () => {
    const marks = new Map([[0, { lsn: 100n, seq: 1 }]]);
    expect(alreadyPublished(marks, 0, { lsn: 100n, seq: 0 })).toBe(true);
    expect(alreadyPublished(marks, 0, { lsn: 100n, seq: 1 })).toBe(true);
    expect(alreadyPublished(marks, 0, { lsn: 100n, seq: 2 })).toBe(false);
    expect(alreadyPublished(marks, 1, { lsn: 50n, seq: 0 })).toBe(false);
  });
});
