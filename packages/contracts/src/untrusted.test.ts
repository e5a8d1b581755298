// Hostile shapes through the validators every app uses: nesting deep enough to overflow a
// recursive walk, properties named after Object's built-in members, unpaired surrogates, long
// property names, control characters, and how string limits count text outside the BMP.
import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue } from './codec.js';
import { exampleBeacon, exampleContentItem, exampleFeed, exampleInteraction } from './examples.js';
import { MAX_PATH_LENGTH } from './issues.js';
import { MAX_DEPTH, controlCharacterIssues, structureIssues } from './untrusted.js';
import { validators } from './validation.js';

function nestedArrays(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i += 1) value = [value];
  return value;
}
function nestedObjects(depth: number): unknown {
  let value: unknown = {};
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

const BUILT_IN_NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf', '__lookupGetter__'];

describe('nesting depth', () => {
  it('refuses 10,000 nested arrays and 5,000 nested objects in an invented property with max_depth, and strip survives them', () => {
    for (const deep of [nestedArrays(10_000), nestedObjects(5_000)]) {
      const event = { ...exampleInteraction(), extra: deep };
      expect(validators.Interaction.check(event)).toBe(false);
      const issues = validators.Interaction.issues(event);
      expect(issues).toEqual([expect.objectContaining({ code: 'max_depth' })]);
      expect(issues[0]!.path.startsWith('/extra/')).toBe(true);
      expect(validators.Interaction.strip(event)).toEqual(exampleInteraction());
    }
  });

  it('accepts what the deepest schema needs and refuses one level past the limit', () => {
    expect(validators.Feed.check(exampleFeed())).toBe(true);
    expect(structureIssues(nestedArrays(MAX_DEPTH - 1))).toEqual([]);
    expect(structureIssues(nestedArrays(MAX_DEPTH))).toEqual([expect.objectContaining({ code: 'max_depth' })]);
  });

  it('dead-letters a Kafka record nested too deep instead of failing later on it', () => {
    const bytes = Buffer.from(JSON.stringify({ ...exampleInteraction(), extra: nestedArrays(100) }));
    expect(decodeValue('interactions.v1', bytes)).toMatchObject({ ok: false, error: { code: 'schema_violation', issues: [{ code: 'max_depth' }] } });
  });
});

describe('properties named after built-in object members', () => {
  it('are not declared: strip removes them, own properties only', () => {
    const event: Record<string, unknown> = exampleInteraction();
    for (const name of BUILT_IN_NAMES) event[name] = { planted: name };
    expect(validators.Interaction.check(event)).toBe(true);
    const stripped = validators.Interaction.strip(event as never) as object;
    expect(Object.keys(stripped).sort()).toEqual(Object.keys(exampleInteraction()).sort());
    for (const name of BUILT_IN_NAMES) expect(Object.hasOwn(stripped, name)).toBe(false);
    expect(JSON.stringify(stripped)).not.toContain('planted');
  });

  it('strips a JSON "__proto__" key (an own property after JSON.parse) without touching any prototype', () => {
    const parsed = JSON.parse(`{"__proto__":{"polluted":true},"user":{"__proto__":{"x":1},"languages":[],"interests":[],"createdAt":${exampleInteraction().occurredAt},"updatedAt":${exampleInteraction().occurredAt}}}`) as Record<string, unknown>;
    const event = { ...exampleInteraction(), ...parsed, enrichedAt: exampleInteraction().receivedAt };
    const stripped = validators.EnrichedInteraction.strip(event as never) as Record<string, unknown>;
    expect(Object.hasOwn(stripped, '__proto__')).toBe(false);
    expect(Object.hasOwn(stripped.user as object, '__proto__')).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('strips nested objects and arrays of objects by their own schemas', () => {
    const feed = exampleFeed();
    const card = { ...feed.cards[0]!, constructor: 'x', content: { ...feed.cards[0]!.content, valueOf: 1 } };
    const stripped = validators.Feed.strip({ ...feed, cards: [card], toString: 'y' } as never);
    expect(stripped).toEqual({ ...feed, cards: [feed.cards[0]] });
  });
});

describe('text', () => {
  it('refuses unpaired surrogates in values and property names, anywhere, and on encode', () => {
    expect(validators.Beacon.issues(exampleBeacon({ osVersion: '\ud800' }))).toEqual([expect.objectContaining({ path: '/osVersion', code: 'unpaired_surrogate' })]);
    expect(validators.ContentItem.issues(exampleContentItem({ summary: 'x\udc00y' }))).toEqual([expect.objectContaining({ path: '/summary', code: 'unpaired_surrogate' })]);
    expect(validators.Interaction.check({ ...exampleInteraction(), ['k\ud800']: 1 })).toBe(false);
    expect(encodeValue('content.v1', exampleContentItem({ title: 'a\ud83d' }))).toMatchObject({ ok: false, error: { issues: [{ code: 'unpaired_surrogate' }] } });
    // A well-formed pair is text like any other.
    expect(validators.ContentItem.check(exampleContentItem({ title: 'Rover lands 🚀' }))).toBe(true);
  });

  it('counts string limits in UTF-16 code units: text outside the BMP counts two per character', () => {
    expect(validators.ContentItem.check(exampleContentItem({ title: '😀'.repeat(150) }))).toBe(true);
    expect(validators.ContentItem.issues(exampleContentItem({ title: '😀'.repeat(151) }))).toEqual([expect.objectContaining({ path: '/title', code: 'max_length' })]);
  });

  it('reports control characters of the strings it is given, with their paths', () => {
    expect(controlCharacterIssues({ a: 'ok', b: ['x\u0000'], c: { d: 'tab\there', e: 'del\u007f', f: 'c1\u0085' } }).map((i) => i.path).sort())
      .toEqual(['/b/0', '/c/d', '/c/e', '/c/f']);
    expect(controlCharacterIssues(exampleBeacon())).toEqual([]);
  });
});

describe('issue paths', () => {
  it('are bounded, so a long invented property name does not come back whole', () => {
    const key = 'k'.repeat(60_000);
    const [issue] = validators.Interaction.issues({ ...exampleInteraction(), [key]: nestedArrays(40) });
    expect(issue!.code).toBe('max_depth');
    expect(issue!.path.length).toBeLessThanOrEqual(MAX_PATH_LENGTH);
  });

  it('escape "/" and "~" as JSON Pointer', () => {
    expect(structureIssues({ 'a/b': { '~c': 'x\ud800' } })).toEqual([expect.objectContaining({ path: '/a~1b/~0c' })]);
  });
});
