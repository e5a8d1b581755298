// Shared test setup: the default rules, the demo feeds, a fixed clock at the demo's instant.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileRules } from '../src/normalize/classifier.js';
import type { Classifier } from '../src/normalize/classifier.js';
import { parseRules } from '../src/normalize/rules-load.js';
import type { SourceContext } from '../src/sources/raw-item.js';

export { DEMO_EPOCH } from '../src/demo-dates.js';

export const demoFeedsDir = fileURLToPath(new URL('../demo/feeds/', import.meta.url));
export const demoSourcesPath = fileURLToPath(new URL('../demo/sources.json', import.meta.url));
export const rulesPath = fileURLToPath(new URL('../config/rules.json', import.meta.url));

export function defaultClassifier(): Classifier {
  const rules = parseRules(readFileSync(rulesPath, 'utf8'), rulesPath);
  if (!rules.ok) throw new Error(rules.error.message);
  return compileRules(rules.value);
}

export function demoFeed(name: string): string {
  return readFileSync(new URL(name, `file://${demoFeedsDir}`), 'utf8');
}

/** A settable clock for the code under test (never for asserting durations). */
export function testClock(start: number) {
  let now = start;
  return { now: () => now, set: (ms: number) => { now = ms; }, advance: (ms: number) => { now += ms; } };
}

export const feedSource = (sourceId: string, extra: Partial<SourceContext> = {}): SourceContext =>
  ({ sourceId, name: sourceId, via: 'rss', regions: [], categories: [], ...extra });
