// One change to a user's state on its way to sockets: the state after it, what changed, and the
// two frames it can become (a full `feed` or a `remove` delta), serialized at most once each and
// shared by every socket of the user on this node.
import { feedMessage, removeMessage } from '../protocol/messages.js';
import type { UserState } from '../protocol/messages.js';

export interface Update {
  readonly userId: string;
  readonly state: UserState;
  readonly kind: 'feed' | 'remove';
  /** The removed card, for kind 'remove'. */
  readonly contentId: string;
  /** process.hrtime.bigint() when the node consumed the change (push latency), if it did. */
  readonly consumedAt: bigint | undefined;
  feedFrame(): string;
  removeFrame(): string;
}

export function createUpdate(userId: string, state: UserState, kind: 'feed' | 'remove', contentId = '', consumedAt?: bigint): Update {
  let feed: string | undefined;
  let remove: string | undefined;
  return {
    userId, state, kind, contentId, consumedAt,
    feedFrame: () => (feed ??= feedMessage(state)),
    removeFrame: () => (remove ??= removeMessage(state.offset, state.feedId, contentId)),
  };
}
