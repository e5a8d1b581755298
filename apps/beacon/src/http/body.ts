// What a device may send: one beacon or an array of them, each a Beacon without `receivedAt`
// (the server's clock sets it). Validated with the contract's compiled validator (which also
// bounds nesting and refuses unpaired surrogates); properties a client invents are stripped
// before anything reaches beacons.v1, and what remains passes the device edge's own checks
// (no control characters, occurredAt at most a day ahead of the server clock).
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Beacon } from '@tessera/contracts/schemas/beacon';
import { createValidator } from '@tessera/contracts/validation';
import type { Issue } from '@tessera/device-ingest/errors';
import { deviceEventIssues } from '@tessera/device-ingest/event-checks';

export const DeviceBeacon = Type.Omit(Beacon, ['receivedAt'], { title: 'DeviceBeacon' });
export type DeviceBeacon = Static<typeof DeviceBeacon>;

const validator = createValidator('DeviceBeacon', { schema: DeviceBeacon, rules: [] });

export type ParsedBody =
  | { ok: true; beacons: DeviceBeacon[] }
  | { ok: false; code: 'invalid_body' | 'batch_too_large'; message: string; issues?: Issue[] };

/** Accepts `{...}` or `[{...}, ...]`; a batch is all-or-nothing (issues name the index). `now` is the server clock. */
export function parseBeaconBody(body: unknown, maxBatch: number, now: number): ParsedBody {
  const single = !Array.isArray(body);
  const items: unknown[] = single ? [body] : body;
  if (items.length === 0) return { ok: false, code: 'invalid_body', message: 'the batch is empty' };
  if (items.length > maxBatch) {
    return { ok: false, code: 'batch_too_large', message: `at most ${maxBatch} beacons per request, got ${items.length}` };
  }
  const issues: Issue[] = [];
  const beacons: DeviceBeacon[] = [];
  items.forEach((item, index) => {
    let found = validator.issues(item);
    if (found.length === 0) {
      const beacon = validator.strip(item as DeviceBeacon);
      found = deviceEventIssues(beacon, now);
      beacons.push(beacon);
    }
    for (const issue of found) issues.push({ ...issue, path: single ? issue.path : `/${index}${issue.path}` });
  });
  if (issues.length > 0) {
    const first = issues[0]!;
    return { ok: false, code: 'invalid_body', message: `invalid beacon: ${first.path || '/'} ${first.message}`, issues: issues.slice(0, 20) };
  }
  return { ok: true, beacons };
}
