import { describe, expect, it } from 'vitest';
import { applyUserEvent, emptyUserState, HISTORY_LIMIT, SEEN_MS, shares, storyKey } from './user-state.js';
import type { UserEvent } from './user-state.js';

const HOUR = 3_600_000;
const T = Date.UTC(2026, 10, 1);
const ev = (contentId: string, type: UserEvent['type'], at: number, categories = ['sports'], extra: Partial<UserEvent> = {}): UserEvent => ({ contentId, type, at, categories, ...extra });

describe('user state', () => {
  it('gives the same affinities whatever order the events arrive in', () => {
    const events = [
      ev('a', 'click', T, ['sports']), ev('b', 'like', T + HOUR, ['science', 'space']), ev('c', 'share', T + 5 * HOUR, ['sports']),
      ev('d', 'dismiss', T + 2 * HOUR, ['politics'], { sourceId: 's1' }), ev('e', 'click', T + 3 * HOUR, ['space'], { sourceId: 's1' }),
    ];
    const inOrder = events.reduce((s, e) => applyUserEvent(s, e, 24 * HOUR), emptyUserState());
    const shuffled = [events[3]!, events[0]!, events[4]!, events[2]!, events[1]!].reduce((s, e) => applyUserEvent(s, e, 24 * HOUR), emptyUserState());
    for (const key of Object.keys(inOrder.categories)) expect(shuffled.categories[key]).toBeCloseTo(inOrder.categories[key]!, 12);
    expect(shuffled.sources.s1).toBeCloseTo(inOrder.sources.s1!, 12);
    expect(shuffled.history.map((h) => h.contentId)).toEqual(inOrder.history.map((h) => h.contentId));
    expect(inOrder.history.map((h) => h.contentId)).toEqual(['c', 'e', 'b', 'a']);
    expect(inOrder.categories.politics).toBeLessThan(0);
    expect(inOrder.engagements).toBe(4);
  });

  it('halves an affinity per half-life and splits an event over the item\'s categories', () => {
    const s = applyUserEvent(emptyUserState(), ev('a', 'click', T, ['x', 'y']), HOUR);
    expect(s.categories).toEqual({ x: 0.5, y: 0.5 });
    // An impression carries no weight: scores stay as of the click, only `at` moves.
    applyUserEvent(s, ev('b', 'impression', T + HOUR, ['z']), HOUR);
    expect(s).toMatchObject({ at: T + HOUR, affinityAt: T, categories: { x: 0.5, y: 0.5 } });
    // The next weighted event decays what is there to its own time.
    applyUserEvent(s, ev('c', 'click', T + 2 * HOUR, ['z']), HOUR);
    expect(s.affinityAt).toBe(T + 2 * HOUR);
    expect(s.categories.x).toBeCloseTo(0.125, 12);
    expect(s.categories.z).toBeCloseTo(1, 12);
    expect(shares(s.categories).get('x')).toBeCloseTo(0.125 / 1.25, 12);
    // A late event (before affinityAt) is added decayed to affinityAt.
    applyUserEvent(s, ev('d', 'click', T + HOUR, ['w']), HOUR);
    expect(s.categories.w).toBeCloseTo(0.5, 12);
  });

  it('reads a state written before affinityAt existed as decayed to its newest event', () => {
    const legacy = { at: T, categories: { x: 1 }, sources: {}, history: [], engagements: 1, seen: {}, hidden: {} };
    applyUserEvent(legacy, ev('a', 'click', T + HOUR, ['y']), HOUR);
    expect(legacy.categories).toEqual({ x: 0.5, y: 1 });
  });

  it('remembers shown items and dismissed items and stories for 7 days, and caps the history', () => {
    const s = emptyUserState();
    applyUserEvent(s, ev('a', 'impression', T), HOUR);
    applyUserEvent(s, ev('b', 'dismiss', T, ['x'], { storyId: 'st1' }), HOUR);
    expect(Object.keys(s.seen)).toEqual(['a']);
    expect(s.hidden).toEqual({ b: T, [storyKey('st1')]: T });
    for (let i = 0; i < HISTORY_LIMIT + 10; i += 1) applyUserEvent(s, ev(`c${i}`, 'click', T + SEEN_MS + i), HOUR);
    expect(s.history).toHaveLength(HISTORY_LIMIT);
    expect(s.history[0]!.contentId).toBe(`c${HISTORY_LIMIT + 9}`);
    expect(s.seen).toEqual({});
    expect(s.hidden).toEqual({});
  });

  it('expires exactly what a scan of every key would, with late events and a state reloaded from JSON midway', () => {
    const random = ((seed) => () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32))(7);
    const reference = { seen: {} as Record<string, number>, hidden: {} as Record<string, number>, at: 0 };
    let s = emptyUserState();
    let t = T;
    for (let n = 0; n < 3_000; n += 1) {
      t += Math.floor(random() * 6 * HOUR);
      const late = random() < 0.2 ? Math.floor(random() * 8 * 24 * HOUR) : 0; // some older than 7 days
      const at = t - late;
      const type = random() < 0.7 ? 'impression' : random() < 0.5 ? 'dismiss' : 'click';
      const id = `i${Math.floor(random() * 300)}`;
      const storyId = random() < 0.5 ? `s${Math.floor(random() * 50)}` : undefined;
      applyUserEvent(s, ev(id, type, at, ['x'], { storyId }), HOUR);
      // The rule, written as a scan over every key after each event.
      reference.at = Math.max(reference.at, at);
      if (type === 'impression') reference.seen[id] = Math.max(reference.seen[id] ?? 0, at);
      if (type === 'dismiss') {
        reference.hidden[id] = at;
        if (storyId) reference.hidden[storyKey(storyId)] = at;
      }
      for (const record of [reference.seen, reference.hidden]) {
        for (const key of Object.keys(record)) if (record[key]! < reference.at - SEEN_MS) delete record[key];
      }
      expect(s.seen).toEqual(reference.seen);
      expect(s.hidden).toEqual(reference.hidden);
      if (n === 1_500) s = JSON.parse(JSON.stringify(s)) as typeof s; // as the recommender stores it in Redis
    }
    expect(Object.keys(reference.seen).length).toBeGreaterThan(10);
  });
});
