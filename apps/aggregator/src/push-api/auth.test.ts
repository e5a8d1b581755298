import { describe, expect, it } from 'vitest';
import type { Publisher } from '../sources/config-schema.js';
import { bearerToken, createKeyAuth } from './auth.js';

const editors: Publisher = { id: 'editors', name: 'Editors', apiKey: 'editors-key-0123456789', regions: [] };
const sports: Publisher = { id: 'sports', name: 'Sports desk', apiKey: 'sports-key-0123456789', regions: ['DE'] };

describe('createKeyAuth', () => {
  const authenticate = createKeyAuth([editors, sports]);

  it('finds the publisher whose key was presented', () => {
    expect(authenticate('Bearer sports-key-0123456789')?.id).toBe('sports');
    expect(authenticate('bearer editors-key-0123456789')?.id).toBe('editors');
  });

  it('refuses unknown, partial, longer and missing keys', () => {
    expect(authenticate('Bearer sports-key-012345678')).toBeUndefined();
    expect(authenticate('Bearer sports-key-01234567890')).toBeUndefined();
    expect(authenticate('Basic c3BvcnRz')).toBeUndefined();
    expect(authenticate(undefined)).toBeUndefined();
  });

  it('accepts no key at all when no publisher is configured', () => {
    expect(createKeyAuth([])('Bearer anything-at-all-here')).toBeUndefined();
  });
});

describe('bearerToken', () => {
  it('reads the token of a Bearer header only', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('Bearer ')).toBeUndefined();
    expect(bearerToken('Token abc')).toBeUndefined();
  });
});
