import { describe, expect, it } from 'vitest';
import { decodeValue, encodeKey, encodeValue } from './codec.js';
import { exampleContentItem, exampleInteraction } from './examples.js';

describe('value codec', () => {
  it('round-trips a valid value through bytes', () => {
    const interaction = exampleInteraction();
    const encoded = encodeValue('interactions.v1', interaction);
    expect(encoded.ok).toBe(true);
    if (!encoded.ok) return;
    expect(Buffer.isBuffer(encoded.value)).toBe(true);
    expect(decodeValue('interactions.v1', encoded.value)).toEqual({ ok: true, value: interaction });
  });

  it('refuses to encode a value the contract refuses', () => {
    const result = encodeValue('interactions.v1', { ...exampleInteraction(), position: -1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'schema_violation', retriable: false } });
    if (!result.ok) expect(result.error.issues).toEqual([expect.objectContaining({ path: '/position', code: 'minimum' })]);
  });

  it('decodes null as a tombstone only where tombstones mean something', () => {
    expect(decodeValue('content.v1', null)).toEqual({ ok: true, value: null });
    expect(decodeValue('users.v1', null)).toEqual({ ok: true, value: null });
    expect(decodeValue('interactions.v1', null)).toMatchObject({ ok: false, error: { code: 'unexpected_tombstone' } });
  });

  it('reports bytes that are not JSON', () => {
    const result = decodeValue('content.v1', Buffer.from('{"contentId":'));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_json', retriable: false } });
    if (!result.ok) expect(result.error.cause).toBeInstanceOf(SyntaxError);
  });

  it('reports JSON that breaks the schema, with the issues', () => {
    const bytes = Buffer.from(JSON.stringify({ ...exampleContentItem(), kind: 'podcast' }));
    const result = decodeValue('content.v1', bytes);
    expect(result).toMatchObject({ ok: false, error: { code: 'schema_violation' } });
    if (!result.ok) {
      expect(result.error.message).toBe('ContentItem /kind: must be one of: news, sports, fun_fact, game, video, weather');
      expect(result.error.issues).toEqual([expect.objectContaining({ path: '/kind', code: 'enum' })]);
    }
  });

  it('validates against the topic value schema, not any schema', () => {
    const bytes = Buffer.from(JSON.stringify(exampleInteraction()));
    expect(decodeValue('beacons.v1', bytes).ok).toBe(false);
  });

  it('encodes keys as UTF-8', () => {
    expect(encodeKey('u-1').toString('utf8')).toBe('u-1');
  });
});
