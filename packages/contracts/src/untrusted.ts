// Bounds on values that come from outside (HTTP bodies, Kafka records anyone may have written):
// how deep they nest and whether their text is well-formed, plus the control-character check the
// ingress apps apply to what they store. Every walk here is iterative (an explicit stack): the
// values it exists for are the ones a recursive walk, structuredClone or JSON.stringify would
// overflow the stack on. Every validator runs `structureIssues` first, so no value nested deeper
// than MAX_DEPTH or holding an unpaired UTF-16 surrogate is valid anywhere in Tessera.
import type { ValidationIssue } from './issues.js';
import { jsonPointer } from './issues.js';

/**
 * Deepest nesting of objects and arrays a value may have (the value itself is level 1). The
 * deepest schema (a Feed's card source) needs 5; the rest is room for additive fields, and far
 * below what any recursive code path could overflow on.
 */
export const MAX_DEPTH = 32;

interface Frame {
  readonly value: object;
  readonly depth: number;
  readonly parent: Frame | undefined;
  readonly key: string;
}

function pathOf(frame: Frame | undefined, last?: string): string {
  const segments: string[] = last === undefined ? [] : [last];
  for (let f = frame; f?.parent !== undefined; f = f.parent) segments.push(f.key);
  return jsonPointer(segments.reverse());
}

function unpaired(path: string): ValidationIssue {
  return { path, code: 'unpaired_surrogate', message: 'contains an unpaired UTF-16 surrogate (not encodable as UTF-8)' };
}

/**
 * At most one issue: nesting deeper than `maxDepth` (code `max_depth`), or a string or property
 * name that is not well-formed UTF-16 (code `unpaired_surrogate`; such text has no UTF-8 form,
 * so BigQuery and DuckDB refuse the line that carries it). Values of any shape are walked
 * without recursion; the walk stops at the first problem.
 */
export function structureIssues(value: unknown, maxDepth = MAX_DEPTH): ValidationIssue[] {
  if (typeof value === 'string') return value.isWellFormed() ? [] : [unpaired('')];
  if (typeof value !== 'object' || value === null) return [];
  const stack: Frame[] = [{ value, depth: 1, parent: undefined, key: '' }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.depth > maxDepth) {
      return [{ path: pathOf(frame), code: 'max_depth', message: `nests objects or arrays deeper than ${maxDepth} levels` }];
    }
    const isArray = Array.isArray(frame.value);
    const entries = frame.value as Record<string, unknown>;
    for (const key of Object.keys(entries)) {
      if (!isArray && !key.isWellFormed()) return [unpaired(pathOf(frame, key))];
      const child = entries[key];
      if (typeof child === 'string') {
        if (!child.isWellFormed()) return [unpaired(pathOf(frame, key))];
      } else if (typeof child === 'object' && child !== null) {
        stack.push({ value: child, depth: frame.depth + 1, parent: frame, key });
      }
    }
  }
  return [];
}

// C0 controls, DEL and C1 controls. Tab, line feed and carriage return are controls too: no
// stored field of a device event is multi-line text.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Issues (code `control_character`, one per string, at most `limit`) for strings of a value that
 * contain control characters. Ingress apps run it on what they are about to store (the stripped
 * value), so an invented property never decides whether an event is accepted.
 */
export function controlCharacterIssues(value: unknown, limit = 20): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const message = 'contains a control character (U+0000-U+001F, U+007F-U+009F)';
  if (typeof value === 'string') return CONTROL.test(value) ? [{ path: '', code: 'control_character', message }] : [];
  if (typeof value !== 'object' || value === null) return [];
  const stack: Frame[] = [{ value, depth: 1, parent: undefined, key: '' }];
  while (stack.length > 0 && issues.length < limit) {
    const frame = stack.pop()!;
    const entries = frame.value as Record<string, unknown>;
    for (const key of Object.keys(entries)) {
      const child = entries[key];
      if (typeof child === 'string' && CONTROL.test(child)) issues.push({ path: pathOf(frame, key), code: 'control_character', message });
      else if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: frame.depth + 1, parent: frame, key });
    }
  }
  return issues.slice(0, limit);
}
