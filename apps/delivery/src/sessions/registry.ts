// The sessions this node holds, by user. A user may have several devices (and a device may
// briefly have two sockets while reconnecting); presence is per node, so only the first session
// of a user on this node adds presence and only the last one removes it. Most users have one
// socket, so a user's entry is the session itself and becomes a Set only for a second one.
import type { Session } from './session.js';

type Entry = Session | Set<Session>;

export class SessionRegistry {
  private readonly byUser = new Map<string, Entry>();
  private total = 0;

  /** Returns true when it is the user's first session on this node. */
  add(session: Session): boolean {
    const entry = this.byUser.get(session.userId);
    if (entry === undefined) {
      this.byUser.set(session.userId, session);
    } else if (entry instanceof Set) {
      if (entry.has(session)) return false;
      entry.add(session);
    } else {
      if (entry === session) return false;
      this.byUser.set(session.userId, new Set([entry, session]));
    }
    this.total += 1;
    return entry === undefined;
  }

  /** Returns true when it was the user's last session on this node. */
  remove(session: Session): boolean {
    const entry = this.byUser.get(session.userId);
    if (entry === session) {
      this.byUser.delete(session.userId);
      this.total -= 1;
      return true;
    }
    if (!(entry instanceof Set) || !entry.delete(session)) return false;
    this.total -= 1;
    if (entry.size === 1) this.byUser.set(session.userId, entry.values().next().value as Session);
    return false;
  }

  forUser(userId: string): Iterable<Session> | undefined {
    const entry = this.byUser.get(userId);
    return entry === undefined ? undefined : entry instanceof Set ? entry : [entry];
  }

  users(): IterableIterator<string> {
    return this.byUser.keys();
  }

  *all(): IterableIterator<Session> {
    for (const entry of this.byUser.values()) {
      if (entry instanceof Set) yield* entry;
      else yield entry;
    }
  }

  get size(): number {
    return this.total;
  }
}
