import type { ArchivedLine } from '@tessera/archive/line';
import { describe, expect, it } from 'vitest';
import { subjectMatcher } from './subjects.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const line = (over: Partial<ArchivedLine>): ArchivedLine => ({
  topic: 't', partition: 0, offset: 0, timestamp: 0, eventTime: 0, key: null, keyBase64: null, headers: [], value: null, valueBase64: null, ...over,
});

describe('subjectMatcher', () => {
  const m = subjectMatcher(['u-1', 'u-7']);

  it('finds the owner by key, base64 key, value.userId, a dead letter\'s original key or value, and refused raw values', () => {
    expect(m.ownerOf(line({ key: 'u-1' }))).toBe('u-1');
    expect(m.ownerOf(line({ keyBase64: b64('u-7') }))).toBe('u-7');
    expect(m.ownerOf(line({ key: 'c-9', value: { userId: 'u-1' } }))).toBe('u-1');
    expect(m.ownerOf(line({ key: 'x', value: { source: { topic: 'interactions.v1' }, key: b64('u-7'), value: null } }))).toBe('u-7');
    expect(m.ownerOf(line({ key: null, value: { source: { topic: 'interactions.v1' }, key: null, value: b64('{"userId":"u-1"}') } }))).toBe('u-1');
    expect(m.ownerOf(line({ key: null, valueBase64: b64('{"userId":"u-7","type":"hover"}') }))).toBe('u-7');
  });

  it('matches whole ids only, so other users\' records are never taken', () => {
    expect(m.ownerOf(line({ key: 'u-12', value: { userId: 'u-12' } }))).toBeUndefined();
    expect(m.ownerOf(line({ key: 'u-10', valueBase64: b64('{"userId":"u-10"}') }))).toBeUndefined();
    expect(m.ownerOf(line({ key: 'c-1', value: { title: 'u-1 and u-7 in a headline' } }))).toBeUndefined();
    expect(m.mentionedIn('{"key":"u-17"}')).toBeUndefined();
    expect(m.mentionedIn('{"key":"u-7"')).toBe('u-7');
  });
});
