// What a device sends: `{ "events": [ ... ] }`, each event an Interaction without `receivedAt`
// (the server's clock sets it). The envelope is all-or-nothing; events are judged one by one:
// valid ones are kept (stripped of invented properties), invalid ones are reported with their
// index and one stable code derived from the first issue: the contract's (schema, nesting depth,
// unpaired surrogates) or, on the stripped event, the device edge's (control characters,
// occurredAt more than a day ahead of the server clock).
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Interaction, interactionRules } from '@tessera/contracts/schemas/interaction';
import { createValidator } from '@tessera/contracts/validation';
import type { ValidationIssue } from '@tessera/contracts/issues';
import { deviceEventIssues } from '@tessera/device-ingest/event-checks';
import type { EventErrorCode, RejectedEvent } from './errors.js';

export const DeviceInteraction = Type.Omit(Interaction, ['receivedAt'], { title: 'DeviceInteraction' });
export type DeviceInteraction = Static<typeof DeviceInteraction>;

const validator = createValidator('DeviceInteraction', { schema: DeviceInteraction, rules: interactionRules });

export type ParsedBatch =
  | { ok: true; valid: { index: number; event: DeviceInteraction }[]; rejected: RejectedEvent[] }
  | { ok: false; code: 'invalid_body' | 'batch_too_large'; message: string };

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** One code per event: an unknown type wins (the client speaks a newer protocol), else the first issue. */
export function eventErrorCode(issues: readonly ValidationIssue[]): { code: EventErrorCode; issue: ValidationIssue } | undefined {
  const unknownType = issues.find((i) => i.path === '/type' && i.code === 'enum');
  if (unknownType) return { code: 'unknown_event_type', issue: unknownType };
  const first = issues[0];
  return first && { code: issueCode(first), issue: first };
}

function issueCode(issue: ValidationIssue): EventErrorCode {
  if (issue.path === '') return 'invalid_event';
  if (issue.code === 'required') return 'missing_field';
  if (issue.code === 'max_length' || issue.code === 'maximum' || issue.code === 'max_items' || issue.code === 'max_depth') return 'field_too_large';
  return 'invalid_field';
}

/** `now` is the server clock (the edge refuses events far ahead of it). */
export function parseInteractionBatch(body: unknown, maxBatch: number, now: number): ParsedBatch {
  if (!isObject(body) || !Array.isArray(body.events)) {
    return { ok: false, code: 'invalid_body', message: 'send { "events": [ ... ] }' };
  }
  const events: unknown[] = body.events;
  if (events.length === 0) return { ok: false, code: 'invalid_body', message: 'events is empty' };
  if (events.length > maxBatch) {
    return { ok: false, code: 'batch_too_large', message: `at most ${maxBatch} events per request, got ${events.length}` };
  }
  const valid: { index: number; event: DeviceInteraction }[] = [];
  const rejected: RejectedEvent[] = [];
  events.forEach((item, index) => {
    let issues: ValidationIssue[] = isObject(item) ? validator.issues(item) : [{ path: '', code: 'type', message: 'an event is an object' }];
    let event: DeviceInteraction | undefined;
    if (issues.length === 0) {
      event = validator.strip(item as DeviceInteraction);
      issues = deviceEventIssues(event, now);
    }
    const verdict = eventErrorCode(issues);
    if (!verdict && event) valid.push({ index, event });
    else if (verdict) rejected.push({ index, code: verdict.code, message: `${verdict.issue.path || 'event'} ${verdict.issue.message}`, issues });
  });
  return { ok: true, valid, rejected };
}
