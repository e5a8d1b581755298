import { describe, expect, it } from 'vitest';
import { formatLsn, parseLsn } from './lsn.js';

describe('lsn', () => {
  it('round-trips and orders positions past 32 bits', () => {
    expect(parseLsn('16/B374D848')).toBe(0x16b374d848n);
    expect(formatLsn(0x16b374d848n)).toBe('16/B374D848');
    expect(formatLsn(parseLsn('0/0'))).toBe('0/0');
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true);
  });

  it('refuses text that is not an LSN', () => {
    expect(() => parseLsn('16B374D848')).toThrow(/not an LSN/);
    expect(() => parseLsn('1/2/3')).toThrow(/not an LSN/);
  });
});
