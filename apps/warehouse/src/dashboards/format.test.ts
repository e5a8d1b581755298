import { describe, expect, it } from 'vitest';
import { formatTable } from './format.js';

describe('dashboard table', () => {
  it('aligns columns, right-aligns numbers and spells NULL', () => {
    const text = formatTable([
      { day: new Date(Date.UTC(2026, 10, 21)), category: 'science', clicks: 12n, ctr: 0.125 },
      { day: new Date(Date.UTC(2026, 10, 22)), category: 'football', clicks: 3n, ctr: null },
    ]);
    expect(text).toBe([
      'day        | category | clicks |    ctr',
      '-----------+----------+--------+-------',
      '2026-11-21 | science  |     12 | 0.1250',
      '2026-11-22 | football |      3 |   NULL',
      '(2 rows)',
      '',
    ].join('\n'));
  });

  it('says when there is nothing', () => {
    expect(formatTable([])).toBe('(no rows)\n');
  });
});
