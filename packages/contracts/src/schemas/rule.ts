// Cross-field rules: constraints JSON Schema cannot express in the subset we publish, or that
// TypeBox checks too slowly for the hot path. They run after the schema check, on values
// already known to have the schema's shape.
import type { ValidationIssue } from '../issues.js';

export type Rule<T> = (value: T) => ValidationIssue[];

/**
 * Arrays used as sets (languages, categories, reasons) must not repeat a value. Checked here
 * rather than with JSON Schema uniqueItems, which TypeBox evaluates by hashing every item: that
 * made one enriched interaction 30 times slower to validate.
 */
export function duplicateIssues(path: string, values: readonly string[] | undefined): ValidationIssue[] {
  if (values === undefined || values.length < 2 || new Set(values).size === values.length) return [];
  return [{ path, code: 'unique_items', message: 'must not contain duplicates' }];
}

export function uniqueStrings<T>(path: string, get: (value: T) => readonly string[] | undefined): Rule<T> {
  return (value) => duplicateIssues(path, get(value));
}
