import { describe, expect, it } from 'vitest';
import { topicNames } from './topic-names.js';

describe('topicNames', () => {
  it('uses catalogue names unchanged without a prefix', () => {
    const names = topicNames();
    expect(names.physical('users.v1')).toBe('users.v1');
    expect(names.logical('users.v1')).toBe('users.v1');
  });

  it('prefixes with a dot and maps back only our own topics', () => {
    const names = topicNames('t-1');
    expect(names.physical('dlq.v1')).toBe('t-1.dlq.v1');
    expect(names.logical('t-1.dlq.v1')).toBe('dlq.v1');
    expect(names.logical('dlq.v1')).toBeUndefined();
    expect(names.logical('t-1.orders.v1')).toBeUndefined();
  });

  it('refuses a prefix Kafka would refuse', () => {
    expect(() => topicNames('a b')).toThrow(/invalid topic prefix/);
    // Upper case would make every dead letter from these topics fail dlq.v1's source.topic pattern.
    expect(() => topicNames('Test')).toThrow(/invalid topic prefix/);
    expect(() => topicNames('-x')).toThrow(/invalid topic prefix/);
  });
});
