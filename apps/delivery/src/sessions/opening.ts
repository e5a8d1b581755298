// What a socket is sent when it opens, from the user's state in Redis and the offset the device
// says it has (resume). Version 1 rules:
// - lastOffset absent, unknown or expired: one snapshot with the full current state (resumed
//   false); the device replaces whatever it had.
// - lastOffset still in the user's pushes stream: a snapshot with resumed true and no state, then
//   exactly what the device lacks: nothing when it is current; one `remove` per removal when only
//   cards of its feed were taken down since; else one `feed` with the current state (the feeds in
//   between were superseded, so they are not replayed). No frame repeats a state the device has.
import { feedMessage, removeMessage, snapshotMessage } from '../protocol/messages.js';
import type { ReadSinceResult } from '../state/user-state.js';
import type { Session } from './session.js';

export type OpeningKind = 'fresh' | 'resumed' | 'reset';

export function sendOpening(session: Session, read: ReadSinceResult, lastOffset: string | null, node: string, heartbeatMs: number): OpeningKind {
  const base = { node, heartbeatMs, tokenExpiresAt: session.expiresAt };
  const current = read.current;
  const since = read.since;
  if (lastOffset === null || !since || !current) {
    session.sendOpening(snapshotMessage({ ...base, resumed: false, offset: current?.offset ?? null, state: current ?? null }), 'snapshot',
      current ?? { offset: null, feedId: null, removed: [], cards: [] });
    return lastOffset === null ? 'fresh' : 'reset';
  }
  session.sendOpening(snapshotMessage({ ...base, resumed: true, offset: lastOffset }), 'snapshot',
    { offset: lastOffset, feedId: since.feedIdAtOffset, removed: since.removedAtOffset, cards: current.cards });
  const changes = since.changes;
  if (changes.length === 0) return 'resumed';
  if (changes.every((c) => c.kind === 'remove' && c.feedId === since.feedIdAtOffset)) {
    let removed = since.removedAtOffset;
    for (const c of changes) {
      removed = [...removed, c.contentId];
      session.sendOpening(removeMessage(c.offset, c.feedId, c.contentId), 'remove', { offset: c.offset, feedId: c.feedId, removed });
    }
  } else {
    session.sendOpening(feedMessage(current), 'feed', current);
  }
  return 'resumed';
}
