import { describe, expect, it } from 'vitest';
import {
  exampleBeacon, exampleContentItem, exampleDeadLetter, exampleEnrichedBeacon, exampleEnrichedInteraction,
  exampleFeed, exampleInteraction, exampleModelRelease, exampleUserProfile,
} from './examples.js';
import { EVENT_NAMES } from './events.js';
import type { EventName } from './events.js';
import type { IssueCode } from './issues.js';
import { validators } from './validation.js';

type Json = Record<string, unknown>;

/** Deep copy with the value at a JSON Pointer replaced (undefined = property removed). */
function withValue(source: object, pointer: string, value: unknown): Json {
  const copy = structuredClone(source) as Json;
  const parts = pointer.split('/').slice(1);
  const last = parts.pop()!;
  let node: Record<string, unknown> = copy;
  for (const p of parts) node = node[p] as Record<string, unknown>;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

interface BadCases {
  wrongType: [string, unknown];
  missing: string;
  badEnum: string;
  oversized: [string, number];
}

// For every event: a valid example and one field for each kind of mistake the issue names.
const CASES: Record<EventName, { good: () => object; bad: BadCases }> = {
  ContentItem: { good: exampleContentItem, bad: { wrongType: ['/publishedAt', '2026-11-22'], missing: '/title', badEnum: '/kind', oversized: ['/title', 301] } },
  UserProfile: { good: exampleUserProfile, bad: { wrongType: ['/languages', 'en'], missing: '/userId', badEnum: '/ageBand', oversized: ['/userId', 65] } },
  Beacon: { good: exampleBeacon, bad: { wrongType: ['/screenOn', 'yes'], missing: '/deviceId', badEnum: '/appState', oversized: ['/osVersion', 33] } },
  EnrichedBeacon: { good: exampleEnrichedBeacon, bad: { wrongType: ['/enrichedAt', 1.5e12 + 0.5], missing: '/enrichedAt', badEnum: '/user/ageBand', oversized: ['/deviceId', 65] } },
  Interaction: { good: exampleInteraction, bad: { wrongType: ['/position', '0'], missing: '/feedId', badEnum: '/type', oversized: ['/contentId', 65] } },
  EnrichedInteraction: { good: exampleEnrichedInteraction, bad: { wrongType: ['/user', 'u-1'], missing: '/contentId', badEnum: '/surface', oversized: ['/user/timeZone', 65] } },
  Feed: { good: exampleFeed, bad: { wrongType: ['/cards/0/score', '0.5'], missing: '/model', badEnum: '/trigger', oversized: ['/cards/0/content/title', 301] } },
  ModelRelease: { good: exampleModelRelease, bad: { wrongType: ['/metrics/auc', null], missing: '/sha256', badEnum: '/format', oversized: ['/objectKey', 1025] } },
  DeadLetter: { good: exampleDeadLetter, bad: { wrongType: ['/error/retriable', 'false'], missing: '/source', badEnum: '/source/partition', oversized: ['/error/message', 2001] } },
};

function expectIssue(name: EventName, value: unknown, path: string, code: IssueCode): void {
  const v = validators[name];
  expect(v.check(value)).toBe(false);
  expect(v.issues(value)).toContainEqual(expect.objectContaining({ path, code }));
  const parsed = v.parse(value);
  expect(parsed.ok).toBe(false);
  if (!parsed.ok) expect(parsed.error).toMatchObject({ code: 'schema_violation', retriable: false });
}

describe.each(EVENT_NAMES)('%s', (name) => {
  const { good, bad } = CASES[name];

  it('accepts the valid example', () => {
    expect(validators[name].issues(good())).toEqual([]);
    expect(validators[name].check(good())).toBe(true);
  });

  it('refuses a wrong type', () => {
    const [path, value] = bad.wrongType;
    expectIssue(name, withValue(good(), path, value), path, 'type');
  });

  it('refuses a missing required field', () => {
    expectIssue(name, withValue(good(), bad.missing, undefined), bad.missing, 'required');
  });

  it('refuses an unknown enum value', () => {
    // DeadLetter has no string enum; partition is its bounded integer, checked for range instead.
    if (name === 'DeadLetter') {
      expectIssue(name, withValue(good(), bad.badEnum, -1), bad.badEnum, 'minimum');
      return;
    }
    expectIssue(name, withValue(good(), bad.badEnum, 'not_a_value'), bad.badEnum, 'enum');
  });

  it('refuses an oversized string', () => {
    const [path, length] = bad.oversized;
    expectIssue(name, withValue(good(), path, 'a'.repeat(length)), path, 'max_length');
  });

  it('refuses a non-object', () => {
    expectIssue(name, 'hello', '', 'type');
  });
});
