import { exampleContentItem } from '@tessera/contracts/examples';
import { describe, expect, it } from 'vitest';
import { tombstoneReason } from './tombstone-reason.js';

describe('tombstoneReason', () => {
  const item = exampleContentItem({ expiresAt: 1_000_000 });

  it('reads a tombstone written at or after the expiry of the live value as an expiry', () => {
    expect(tombstoneReason({ state: 'live', item }, 1_000_000)).toBe('expired');
    expect(tombstoneReason({ state: 'live', item }, 2_000_000)).toBe('expired');
  });

  it('reads a tombstone written before the expiry as a takedown', () => {
    expect(tombstoneReason({ state: 'live', item }, 999_999)).toBe('takedown');
  });

  it('says takedown when there is no live value to compare with', () => {
    expect(tombstoneReason(undefined, 5_000_000)).toBe('takedown');
    expect(tombstoneReason({ state: 'removed' }, 5_000_000)).toBe('takedown');
  });
});
