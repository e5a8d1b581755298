// Loads and validates the sources file: JSON syntax, schema, cross-field checks (unique ids,
// resolvable URLs, API keys present in the environment). Every problem is listed with its path so
// an operator fixes the file in one go; a reload that fails keeps the previous configuration.
import { readFile } from 'node:fs/promises';
import { Value } from '@sinclair/typebox/value';
import { aggregatorError, fail, messageOf, ok } from '../errors.js';
import { issueLines, schemaIssues } from '../schema-issues.js';
import type { AggregatorError, Result } from '../errors.js';
import { SourcesFileSchema } from './config-schema.js';
import type { FeedSource, Publisher, SourcesConfig, SourcesFile } from './config-schema.js';

export interface LoadOptions {
  /** Where publisher API keys are read from (process.env in main). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Overrides the file's baseUrl (the demo feed server's address, a test server's port). */
  readonly baseUrl?: string;
}

export interface ConfigError extends AggregatorError {
  readonly issues: readonly string[];
}

const DEFAULT_POLL_S = 300;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BACKOFF_S = 3_600;
// A shorter key is guessable; the push API compares digests, so length does not leak.
const MIN_API_KEY_LENGTH = 16;

export async function loadSourcesFile(path: string, options: LoadOptions): Promise<Result<SourcesConfig, ConfigError>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    return fail(configError('config_unreadable', path, [messageOf(cause)], cause));
  }
  return parseSourcesConfig(text, path, options);
}

export function parseSourcesConfig(text: string, origin: string, options: LoadOptions): Result<SourcesConfig, ConfigError> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    return fail(configError('config_invalid', origin, [`not valid JSON: ${messageOf(cause)}`], cause));
  }
  if (!Value.Check(SourcesFileSchema, raw)) {
    const issues = issueLines(schemaIssues(SourcesFileSchema, raw, 50));
    return fail(configError('config_invalid', origin, issues));
  }
  const issues: string[] = [];
  const sources = resolveSources(raw, options.baseUrl ?? raw.baseUrl, issues);
  const publishers = resolvePublishers(raw, options.env, issues);
  if (issues.length > 0) return fail(configError('config_invalid', origin, issues));
  return ok(Object.freeze({ sources, publishers }));
}

function resolveSources(file: SourcesFile, baseUrl: string | undefined, issues: string[]): FeedSource[] {
  const seen = new Set<string>();
  const out: FeedSource[] = [];
  file.sources.forEach((s, i) => {
    if (seen.has(s.id)) issues.push(`/sources/${i}/id: duplicate source id "${s.id}"`);
    seen.add(s.id);
    let url: URL;
    try {
      url = new URL(s.url, baseUrl);
    } catch {
      issues.push(`/sources/${i}/url: "${s.url}" is not an absolute URL${baseUrl ? '' : ' and no baseUrl is set'}`);
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') issues.push(`/sources/${i}/url: only http and https feeds are polled`);
    if (s.enabled === false) return;
    const pollS = s.pollIntervalSeconds ?? file.defaults?.pollIntervalSeconds ?? DEFAULT_POLL_S;
    const maxBackoffS = s.maxBackoffSeconds ?? file.defaults?.maxBackoffSeconds ?? DEFAULT_MAX_BACKOFF_S;
    out.push(Object.freeze({
      id: s.id,
      name: s.name,
      url: url.href,
      ...(s.kind ? { kind: s.kind } : {}),
      ...(s.languages ? { languages: s.languages } : {}),
      ...(s.priority ? { priority: s.priority } : {}),
      regions: s.regions ?? [],
      categories: s.categories ?? [],
      pollIntervalMs: pollS * 1000,
      timeoutMs: s.timeoutMs ?? file.defaults?.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxBackoffMs: Math.max(maxBackoffS, pollS) * 1000,
    }));
  });
  return out;
}

function resolvePublishers(file: SourcesFile, env: LoadOptions['env'], issues: string[]): Publisher[] {
  const ids = new Set(file.sources.map((s) => s.id));
  return (file.publishers ?? []).flatMap((p, i) => {
    if (ids.has(p.id)) issues.push(`/publishers/${i}/id: "${p.id}" is already used by a source or publisher`);
    ids.add(p.id);
    const apiKey = env[p.apiKeyEnv];
    if (apiKey === undefined || apiKey === '') {
      issues.push(`/publishers/${i}/apiKeyEnv: environment variable ${p.apiKeyEnv} is not set`);
      return [];
    }
    if (apiKey.length < MIN_API_KEY_LENGTH) {
      issues.push(`/publishers/${i}/apiKeyEnv: ${p.apiKeyEnv} must hold at least ${MIN_API_KEY_LENGTH} characters`);
      return [];
    }
    return [Object.freeze({ id: p.id, name: p.name, apiKey, ...(p.kind ? { kind: p.kind } : {}), regions: p.regions ?? [] })];
  });
}

function configError(code: 'config_unreadable' | 'config_invalid', origin: string, issues: string[], cause?: unknown): ConfigError {
  const message = `sources config ${origin}: ${issues.join('; ')}`;
  return { ...aggregatorError(code, message, { cause }), issues };
}

/**
 * Holds the current configuration and swaps it on a successful reload. main wires reload() to
 * SIGHUP or a file watcher; a bad edit is reported and the running configuration stays.
 */
export function createReloadableConfig(
  load: () => Promise<Result<SourcesConfig, ConfigError>>,
  initial: SourcesConfig,
  onChange: (next: SourcesConfig) => void,
) {
  let current = initial;
  return {
    current: (): SourcesConfig => current,
    async reload(): Promise<Result<SourcesConfig, ConfigError>> {
      const next = await load();
      if (next.ok) {
        current = next.value;
        onChange(current);
      }
      return next;
    },
  };
}
