import { describe, expect, it } from 'vitest';
import { encodeLine, jsonDecoder, originalKey, originalValue, parseLine } from './line.js';
import type { ArchivedLine, ValueDecoder } from './line.js';
import type { ConsumedRecord } from './record.js';

const T = Date.UTC(2026, 10, 22, 4);
const rec = (over: Partial<ConsumedRecord>): ConsumedRecord =>
  ({ topic: 't.v1', partition: 3, offset: '17', timestamp: String(T), key: Buffer.from('u-1'), value: null, headers: {}, ...over });
const parse = (text: string): ArchivedLine => {
  expect(text.endsWith('\n')).toBe(true);
  expect(text.slice(0, -1)).not.toContain('\n');
  return JSON.parse(text) as ArchivedLine;
};

describe('archive lines', () => {
  it('embeds a JSON value, takes occurredAt as event time and keeps every record field', () => {
    const value = { eventId: 'e', occurredAt: T - 7_200_000, n: 1.5, s: 'é\n' };
    const out = encodeLine(rec({ value: Buffer.from(JSON.stringify(value)), headers: { trace: 'abc', bin: [Buffer.from([0xff]), 'x'] } }), jsonDecoder);
    expect(out.rejection).toBeUndefined();
    expect(out.eventTime).toBe(T - 7_200_000);
    expect(parse(out.text)).toEqual({
      topic: 't.v1', partition: 3, offset: 17, timestamp: T, eventTime: T - 7_200_000,
      key: 'u-1', keyBase64: null,
      headers: [
        { key: 'trace', value: 'abc', valueBase64: null },
        { key: 'bin', value: null, valueBase64: '/w==' },
        { key: 'bin', value: 'x', valueBase64: null },
      ],
      value, valueBase64: null,
    });
  });

  it('keeps the raw bytes as well when re-serializing would change them', () => {
    const bytes = Buffer.from('{ "occurredAt": 1795320000000, "a": 1.0 }');
    const line = parse(encodeLine(rec({ value: bytes }), jsonDecoder).text);
    expect(line.value).toEqual({ occurredAt: 1795320000000, a: 1 });
    expect(originalValue(line)?.equals(bytes)).toBe(true);
  });

  it('archives a tombstone with both value fields null and the Kafka timestamp as event time', () => {
    const out = encodeLine(rec({ value: null, key: Buffer.from([0xc3, 0x28]) }), jsonDecoder);
    const line = parse(out.text);
    expect([line.value, line.valueBase64, line.key, line.keyBase64]).toEqual([null, null, null, 'wyg=']);
    expect(originalKey(line)?.equals(Buffer.from([0xc3, 0x28]))).toBe(true);
    expect(out.eventTime).toBe(T);
  });

  it('archives a refused value raw and reports why', () => {
    const refuse: ValueDecoder = () => ({ ok: false, error: { code: 'schema_violation', message: 'bad' } });
    const bytes = Buffer.from('{"occurredAt":1}');
    const out = encodeLine(rec({ value: bytes }), refuse);
    expect(out.rejection).toEqual({ code: 'schema_violation', message: 'bad' });
    const line = parse(out.text);
    expect(line.value).toBeNull();
    expect(originalValue(line)?.equals(bytes)).toBe(true);
    const notJson = encodeLine(rec({ value: Buffer.from([0, 1, 2]) }), jsonDecoder);
    expect(notJson.rejection?.code).toBe('invalid_json');
    expect(originalValue(parse(notJson.text))?.equals(Buffer.from([0, 1, 2]))).toBe(true);
    expect(encodeLine(rec({ value: Buffer.from('[1]') }), jsonDecoder).rejection?.code).toBe('not_an_object');
  });

  it('falls back to the Kafka timestamp when occurredAt is not a plausible epoch-ms', () => {
    const out = encodeLine(rec({ value: Buffer.from('{"occurredAt":1795320000}') }), jsonDecoder);
    expect(out.eventTime).toBe(T);
  });
});

describe('parsing archive lines', () => {
  it('reads back every line the encoder writes, newline or not', () => {
    const value = { eventId: 'e', occurredAt: T - 1 };
    const lines = [
      encodeLine(rec({ value: Buffer.from(JSON.stringify(value)), headers: { h: [Buffer.from([0xff]), 'x'] } }), jsonDecoder).text,
      encodeLine(rec({ value: null, key: null }), jsonDecoder).text,
      encodeLine(rec({ value: Buffer.from([0, 1]) }), jsonDecoder).text,
    ];
    for (const text of lines) {
      expect(parseLine(text)).toEqual({ ok: true, value: JSON.parse(text) });
      expect(parseLine(text.trimEnd()).ok).toBe(true);
    }
  });

  it('accepts columns a later archiver may add', () => {
    const text = encodeLine(rec({ value: null }), jsonDecoder).text.replace(/}\n$/, ',"schemaVersion":2}');
    expect(parseLine(text).ok).toBe(true);
  });

  it('says whether a line is not JSON or not the archive shape, and where', () => {
    const good = JSON.parse(encodeLine(rec({ value: Buffer.from('{"a":1}') }), jsonDecoder).text) as Record<string, unknown>;
    expect(parseLine('{"topic":"t.v1","partition":')).toMatchObject({ ok: false, error: { code: 'invalid_json', message: expect.stringMatching(/^not JSON: /) } });
    expect(parseLine('')).toMatchObject({ ok: false, error: { code: 'invalid_json' } });
    expect(parseLine('[1,2]')).toMatchObject({ ok: false, error: { code: 'invalid_line' } });
    expect(parseLine(JSON.stringify({ ...good, eventTime: '1795320000000' }))).toMatchObject({ ok: false, error: { code: 'invalid_line', message: expect.stringContaining('/eventTime') } });
    expect(parseLine(JSON.stringify({ ...good, offset: 1.5 }))).toMatchObject({ ok: false, error: { message: expect.stringContaining('/offset') } });
    expect(parseLine(JSON.stringify({ ...good, value: [1] }))).toMatchObject({ ok: false, error: { message: expect.stringContaining('/value') } });
    const { headers: _dropped, ...withoutHeaders } = good;
    expect(parseLine(JSON.stringify(withoutHeaders))).toMatchObject({ ok: false, error: { message: expect.stringContaining('/headers') } });
  });
});
