import { describe, expect, it } from 'vitest';
import { hourPartition, objectKey, padOffset, parseObjectKey, topicPrefix } from './naming.js';

describe('object keys', () => {
  it('lays out <prefix>/<topic>/dt=/hr=/<topic>+<partition>+<19-digit offset>.ndjson.gz in UTC', () => {
    const hour = hourPartition(Date.UTC(2026, 10, 22, 3, 59, 59, 999));
    expect(objectKey('archive', 'interactions.v1', 2, '1234', hour))
      .toBe('archive/interactions.v1/dt=2026-11-22/hr=03/interactions.v1+2+0000000000000001234.ndjson.gz');
    expect(objectKey('', 'dlq.v1', 0, '0', hourPartition(Date.UTC(2026, 0, 1, 23))))
      .toBe('dlq.v1/dt=2026-01-01/hr=23/dlq.v1+0+0000000000000000000.ndjson.gz');
    expect(topicPrefix('/a/b/', 't')).toBe('a/b/t/');
  });

  it('pads every int64 offset to one width, so keys sort like offsets', () => {
    expect(padOffset('9223372036854775807')).toBe('9223372036854775807');
    expect(padOffset('10') > padOffset('9')).toBe(true);
    expect(() => padOffset('-1')).toThrow(RangeError);
  });

  it('parses a key back and refuses anything else', () => {
    const key = objectKey('p', 'content.v1', 11, '42', { dt: '2026-11-22', hr: '07' });
    expect(parseObjectKey(key)).toEqual({ topic: 'content.v1', partition: 11, startOffset: '42', dt: '2026-11-22', hr: '07' });
    expect(parseObjectKey('p/content.v1/dt=2026-11-22/hr=07/other.v1+1+0000000000000000042.ndjson.gz')).toBeUndefined();
    expect(parseObjectKey('p/content.v1/dt=2026-11-22/hr=07/notes.txt')).toBeUndefined();
  });
});
