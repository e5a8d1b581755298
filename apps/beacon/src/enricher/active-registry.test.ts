import { exampleEnrichedBeacon, exampleUserAttributes } from '@tessera/contracts/examples';
import { describe, expect, it } from 'vitest';
import { activeSegment, latestPerUser } from './active-registry.js';

describe('active registry rules', () => {
  it('puts a known user in the segment of their first language and home country', () => {
    const b = exampleEnrichedBeacon({ locale: 'fr-FR', country: 'FR', user: exampleUserAttributes({ languages: ['de', 'en'], country: 'AT' }) });
    expect(activeSegment(b)).toBe('de.AT.*');
  });

  it('falls back to the device locale and country for an unknown user, and ZZ without a country', () => {
    const { user: _u, ...unknown } = exampleEnrichedBeacon({ locale: 'fr-FR', country: 'FR' });
    expect(activeSegment(unknown)).toBe('fr-FR.FR.*');
    const { country: _c, ...noCountry } = unknown;
    expect(activeSegment(noCountry)).toBe('fr-FR.ZZ.*');
  });

  it('keeps the latest beacon per user by server time', () => {
    const a1 = exampleEnrichedBeacon({ userId: 'a', receivedAt: 1_795_320_000_300, appState: 'locked' });
    const a2 = exampleEnrichedBeacon({ userId: 'a', receivedAt: 1_795_320_000_100, appState: 'foreground' });
    const b1 = exampleEnrichedBeacon({ userId: 'b', receivedAt: 1_795_320_000_200 });
    expect(latestPerUser([a1, b1, a2]).map((x) => [x.userId, x.appState])).toEqual([['a', 'locked'], ['b', 'locked']]);
  });
});
