// Loads the two files the aggregator runs from (sources, rules) and reports every problem at once.
// main exits with these issues at start; a SIGHUP reload of the sources file reuses loadSources
// and keeps the running configuration when it fails.
import { compileRules } from './normalize/classifier.js';
import type { Classifier } from './normalize/classifier.js';
import { loadRulesFile } from './normalize/rules-load.js';
import { loadSourcesFile } from './sources/config-load.js';
import type { SourcesConfig } from './sources/config-schema.js';

export interface FileSettings {
  readonly SOURCES_FILE: string;
  readonly RULES_FILE: string;
  readonly FEED_BASE_URL?: string | undefined;
}

export type Env = Readonly<Record<string, string | undefined>>;

export function loadSources(settings: FileSettings, env: Env) {
  return loadSourcesFile(settings.SOURCES_FILE, { env, ...(settings.FEED_BASE_URL ? { baseUrl: settings.FEED_BASE_URL } : {}) });
}

export async function loadFiles(settings: FileSettings, env: Env):
  Promise<{ ok: true; sources: SourcesConfig; classifier: Classifier } | { ok: false; issues: string[] }> {
  const [sources, rules] = await Promise.all([loadSources(settings, env), loadRulesFile(settings.RULES_FILE)]);
  const issues = [
    ...(sources.ok ? [] : sources.error.issues.map((i) => `${settings.SOURCES_FILE} ${i}`)),
    ...(rules.ok ? [] : rules.error.issues.map((i) => `${settings.RULES_FILE} ${i}`)),
  ];
  if (!sources.ok || !rules.ok) return { ok: false, issues };
  return { ok: true, sources: sources.value, classifier: compileRules(rules.value) };
}
