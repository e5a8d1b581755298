// The sessions this node holds, by user. A user may have several devices (and a device may
// briefly have two sockets while reconnecting); presence is per node, so only the first session
// of a user on this node adds presence and only the last one removes it.
import type { Session } from './session.js';

export class SessionRegistry {
  private readonly byUser = new Map<string, Set<Session>>();
  private total = 0;

  /** Returns true when it is the user's first session on this node. */
  add(session: Session): boolean {
    let set = this.byUser.get(session.userId);
    const first = set === undefined;
    if (!set) {
      set = new Set();
      this.byUser.set(session.userId, set);
    }
    if (!set.has(session)) {
      set.add(session);
      this.total += 1;
    }
    return first;
  }

  /** Returns true when it was the user's last session on this node. */
  remove(session: Session): boolean {
    const set = this.byUser.get(session.userId);
    if (!set?.delete(session)) return false;
    this.total -= 1;
    if (set.size > 0) return false;
    this.byUser.delete(session.userId);
    return true;
  }

  forUser(userId: string): ReadonlySet<Session> | undefined {
    return this.byUser.get(userId);
  }

  users(): IterableIterator<string> {
    return this.byUser.keys();
  }

  *all(): IterableIterator<Session> {
    for (const set of this.byUser.values()) yield* set;
  }

  get size(): number {
    return this.total;
  }
}
