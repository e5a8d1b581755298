// Cross-field rules: constraints JSON Schema cannot express in the subset we publish. They run
// after the schema check, on values already known to have the schema's shape.
import type { ValidationIssue } from '../issues.js';

export type Rule<T> = (value: T) => ValidationIssue[];
