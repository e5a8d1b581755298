// Turns TypeBox's errors for a value into what a person fixes: one issue per path (TypeBox
// reports a missing string as both "required" and "expected string"), bounded in number.
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { boundedPath } from '@tessera/contracts/issues';

export interface SchemaIssue {
  readonly path: string;
  readonly message: string;
}

export function schemaIssues(schema: TSchema, value: unknown, limit = 20): SchemaIssue[] {
  const byPath = new Map<string, string>();
  for (const error of Value.Errors(schema, value)) {
    // Paths carry property names the client chose: bounded so a 30 KB key does not come back whole.
    const path = boundedPath(error.path || '/');
    if (!byPath.has(path)) byPath.set(path, error.message);
    if (byPath.size >= limit) break;
  }
  return [...byPath].map(([path, message]) => ({ path, message }));
}

export const issueLines = (issues: readonly SchemaIssue[]): string[] => issues.map((i) => `${i.path}: ${i.message}`);
