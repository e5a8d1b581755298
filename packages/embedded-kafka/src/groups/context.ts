// What the per-API modules of the coordinator need from it: settings, the offset store and the
// group table. Narrow on purpose so each API module can be read (and reasoned about) alone.
import type { Clock } from './clock.js';
import type { Group } from './group.js';
import type { CommittedOffsets } from './offsets.js';

export interface GroupContext {
  readonly clock: Clock;
  readonly offsets: CommittedOffsets;
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
  /** KIP-394 member id for a client: `${clientId}-${uuid}`. */
  newMemberId(clientId: string): string;
  group(groupId: string): Group | undefined;
  allGroups(): Iterable<Group>;
  createGroup(groupId: string): Group;
  /** Marks the group Dead and forgets it (DeleteGroups). */
  dropGroup(groupId: string): void;
}
