import { describe, expect, it } from 'vitest';
import { MAX_CLOCK_AHEAD_MS, deviceEventIssues } from './event-checks.js';

const NOW = 1_795_320_000_000;

describe('deviceEventIssues', () => {
  it('accepts a skewed device clock up to a day ahead, refuses further', () => {
    expect(deviceEventIssues({ occurredAt: NOW + MAX_CLOCK_AHEAD_MS }, NOW)).toEqual([]);
    expect(deviceEventIssues({ occurredAt: NOW + MAX_CLOCK_AHEAD_MS + 1 }, NOW)).toEqual([
      expect.objectContaining({ path: '/occurredAt', code: 'maximum' }),
    ]);
    // Late events (offline phones) are the contract's business, not the edge's.
    expect(deviceEventIssues({ occurredAt: NOW - 30 * 86_400_000 }, NOW)).toEqual([]);
  });

  it('refuses control characters in stored text, tab and newline included', () => {
    const event = { occurredAt: NOW, osVersion: '17.1\n', appVersion: '1.0.0', note: ['ok', 'bell\u0007'] };
    expect(deviceEventIssues(event, NOW).map((i) => `${i.path} ${i.code}`).sort()).toEqual(['/note/1 control_character', '/osVersion control_character']);
  });
});
