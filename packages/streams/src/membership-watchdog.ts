// Owns the detection of a kafkajs 2.2.4 consumer that fetches without being a group member.
// When the broker dies while the consumer is rejoining (a JoinGroup answered UNKNOWN_MEMBER_ID,
// then one that fails outright), kafkajs drops its member id, gives up the join, and its runner
// simply goes back to fetching the old assignment: no heartbeat (it has no member id), no rejoin,
// every commit refused with UNKNOWN_MEMBER_ID, while the broker has long evicted it and may have
// given its partitions to another member.
//
// Rule: a fetch that completes more than one session timeout after the last proof of membership
// (a successful heartbeat, commit or join) means the consumer is consuming as a non-member — the
// broker would have evicted a member silent for that long anyway. Fetches are the signal because a
// consumer waiting in a held JoinGroup (a long rebalance) does not fetch, so it is never mistaken
// for one. Commits refused for membership never count as proof, so a consumer whose commits keep
// failing (the archiver swallows those failures) is caught too. The decision is pure
// (MembershipClock); watchMembership wires it to a consumer's instrumentation events.
import type { Consumer } from 'kafkajs';

export class MembershipClock {
  private lastProof: number;
  private fired = false;

  constructor(private readonly sessionTimeoutMs: number, startedAt: number) {
    this.lastProof = startedAt;
  }

  /** A heartbeat, a commit or a join succeeded. */
  proof(at: number): void {
    this.lastProof = Math.max(this.lastProof, at);
  }

  /** A fetch completed; returns why membership is lost, once, or undefined. */
  fetched(at: number): string | undefined {
    const silent = at - this.lastProof;
    if (this.fired || silent <= this.sessionTimeoutMs) return undefined;
    this.fired = true;
    return `fetching ${silent} ms after the last heartbeat, commit or join (session timeout ${this.sessionTimeoutMs} ms): not a group member`;
  }
}

export interface MembershipWatch {
  /** Removes the listeners. */
  stop(): void;
}

export function watchMembership(
  consumer: Pick<Consumer, 'on' | 'events'>,
  options: { sessionTimeoutMs: number; onLost(reason: string): void; now?: () => number },
): MembershipWatch {
  const now = options.now ?? Date.now;
  const clock = new MembershipClock(options.sessionTimeoutMs, now());
  const proof = () => clock.proof(now());
  const removers = [
    consumer.on(consumer.events.HEARTBEAT, proof),
    consumer.on(consumer.events.COMMIT_OFFSETS, proof),
    consumer.on(consumer.events.GROUP_JOIN, proof),
    consumer.on(consumer.events.FETCH, () => {
      const lost = clock.fetched(now());
      if (lost) options.onLost(lost);
    }),
  ];
  return { stop: () => { for (const remove of removers) remove(); } };
}
