import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileRules } from './classifier.js';
import { parseRules } from './rules-load.js';

const rulesText = readFileSync(new URL('../../config/rules.json', import.meta.url), 'utf8');
const parsed = parseRules(rulesText, 'config/rules.json');
if (!parsed.ok) throw new Error(parsed.error.message);
const classifier = compileRules(parsed.value);
const input = (title: string, feedCategories: string[] = [], summary = '', sourceCategories: string[] = []) =>
  ({ title, summary, feedCategories, sourceCategories });
const categories = (i: ReturnType<typeof input>) => classifier.classify(i).categories;
const keywordKind = (i: ReturnType<typeof input>) => classifier.classify(i).keywordKind;
const isBreaking = (i: ReturnType<typeof input>) => classifier.classify(i).breaking;

describe('classifier with the default rules', () => {
  it('maps feed categories in any language, case and accent to taxonomy slugs, parents last', () => {
    expect(categories(input('Derby', ['FUSSBALL']))).toEqual(['football', 'sports']);
    expect(categories(input('Derby', ['Fútbol']))).toEqual(['football', 'sports']);
    expect(categories(input('x', ['Économie', 'Not In Taxonomy']))).toEqual(['economy']);
  });

  it('adds keyword categories after explicit ones, matching whole words only', () => {
    expect(categories(input('Researchers film a deep-sea colony', ['Science']))).toEqual(['science', 'oceans']);
    // "esa" (the space agency) must not match inside "mesa"
    expect(categories(input('Una mesa para dos'))).toEqual([]);
  });

  it('derives kinds from keywords and from categories', () => {
    expect(keywordKind(input('Quiz: lighthouses of the world'))).toBe('game');
    expect(keywordKind(input('¿Sabías que los pulpos tienen tres corazones?'))).toBe('fun_fact');
    expect(keywordKind(input('Council approves barrage'))).toBeUndefined();
    expect(classifier.classify(input('Derby', ['Politik', 'Fußball'])).categoryKind).toBe('sports');
    expect(classifier.classify(input('x', ['Économie'])).categoryKind).toBeUndefined();
  });

  it('flags breaking news by title prefix or feed category, not by the word anywhere', () => {
    expect(isBreaking(input('BREAKING: bridges closed'))).toBe(true);
    expect(isBreaking(input('Eilmeldung: Trainerin tritt zurück'))).toBe(true);
    expect(isBreaking(input('Bridges closed', ['Breaking News']))).toBe(true);
    expect(isBreaking(input('Why breaking news fatigue is real'))).toBe(false);
  });

  it('gives breaking items the short expiry and facts the long one', () => {
    expect(classifier.expiryMs('news', true)).toBe(6 * 3_600_000);
    expect(classifier.expiryMs('news', false)).toBe(48 * 3_600_000);
    expect(classifier.expiryMs('fun_fact', false)).toBe(720 * 3_600_000);
  });
});

describe('parseRules', () => {
  it('lists unknown parents, duplicate slugs and unknown kinds with their paths', () => {
    const bad = JSON.stringify({
      taxonomy: [{ slug: 'a', label: 'A', parent: 'missing' }, { slug: 'a', label: 'A again' }],
      kindKeywords: { podcast: ['episode'] },
      breaking: { titlePrefixes: [], categories: [] },
      expiryHours: { default: 1, breaking: 1 },
    });
    const result = parseRules(bad, 'rules.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('config_invalid');
    expect(result.error.issues).toEqual([
      '/taxonomy/1/slug: duplicate slug "a"',
      '/taxonomy/0/parent: unknown slug "missing"',
      '/kindKeywords/podcast: not a content kind (news, sports, fun_fact, game, video, weather)',
    ]);
  });

  it('rejects a slug that is not a valid category', () => {
    const result = parseRules(JSON.stringify({ taxonomy: [{ slug: 'Bad Slug', label: 'x' }], breaking: { titlePrefixes: [], categories: [] }, expiryHours: { default: 1, breaking: 1 } }), 'r');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues[0]).toMatch(/^\/taxonomy\/0\/slug/);
  });
});
