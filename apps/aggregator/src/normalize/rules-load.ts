// Loads the normalization rules file and checks what the schema cannot: unique slugs, parents
// that exist, kind keyword keys that are kinds. Problems are listed by path, as for sources.
import { readFile } from 'node:fs/promises';
import { Value } from '@sinclair/typebox/value';
import { CONTENT_KINDS } from '../content-contract.js';
import { aggregatorError, fail, messageOf, ok } from '../errors.js';
import { issueLines, schemaIssues } from '../schema-issues.js';
import type { Result } from '../errors.js';
import type { ConfigError } from '../sources/config-load.js';
import { RulesFileSchema } from './rules-schema.js';
import type { RulesFile } from './rules-schema.js';

export async function loadRulesFile(path: string): Promise<Result<RulesFile, ConfigError>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    return fail(rulesError('config_unreadable', path, [messageOf(cause)], cause));
  }
  return parseRules(text, path);
}

export function parseRules(text: string, origin: string): Result<RulesFile, ConfigError> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    return fail(rulesError('config_invalid', origin, [`not valid JSON: ${messageOf(cause)}`], cause));
  }
  if (!Value.Check(RulesFileSchema, raw)) {
    const issues = issueLines(schemaIssues(RulesFileSchema, raw, 50));
    return fail(rulesError('config_invalid', origin, issues));
  }
  const issues: string[] = [];
  const slugs = new Set<string>();
  raw.taxonomy.forEach((entry, i) => {
    if (slugs.has(entry.slug)) issues.push(`/taxonomy/${i}/slug: duplicate slug "${entry.slug}"`);
    slugs.add(entry.slug);
  });
  raw.taxonomy.forEach((entry, i) => {
    if (entry.parent !== undefined && !slugs.has(entry.parent)) issues.push(`/taxonomy/${i}/parent: unknown slug "${entry.parent}"`);
    if (entry.parent === entry.slug) issues.push(`/taxonomy/${i}/parent: a category cannot be its own parent`);
  });
  for (const kind of Object.keys(raw.kindKeywords ?? {})) {
    if (!(CONTENT_KINDS as readonly string[]).includes(kind)) issues.push(`/kindKeywords/${kind}: not a content kind (${CONTENT_KINDS.join(', ')})`);
  }
  if (issues.length > 0) return fail(rulesError('config_invalid', origin, issues));
  return ok(raw);
}

function rulesError(code: 'config_unreadable' | 'config_invalid', origin: string, issues: string[], cause?: unknown): ConfigError {
  return { ...aggregatorError(code, `rules config ${origin}: ${issues.join('; ')}`, { cause }), issues };
}
