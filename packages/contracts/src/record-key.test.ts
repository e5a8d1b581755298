import { describe, expect, it } from 'vitest';
import { exampleContentItem, exampleDeadLetter, exampleFeed, exampleInteraction, exampleModelRelease } from './examples.js';
import { recordKey } from './record-key.js';

describe('recordKey', () => {
  it('keys per-user topics by userId', () => {
    expect(recordKey('interactions.v1', exampleInteraction({ userId: 'u-9' }))?.toString()).toBe('u-9');
    expect(recordKey('recommendations.v2', exampleFeed({ userId: 'u-8' }))?.toString()).toBe('u-8');
  });

  it('keys content by contentId and models by name', () => {
    expect(recordKey('content.v1', exampleContentItem({ contentId: 'c-7' }))?.toString()).toBe('c-7');
    expect(recordKey('models.v1', exampleModelRelease({ name: 'ctr-small' }))?.toString()).toBe('ctr-small');
  });

  it('keys dead letters by the original key bytes, or none', () => {
    const original = Buffer.from([0, 255, 1]);
    expect(recordKey('dlq.v1', exampleDeadLetter({ key: original.toString('base64') }))).toEqual(original);
    expect(recordKey('dlq.v1', exampleDeadLetter({ key: null }))).toBeNull();
  });
});
