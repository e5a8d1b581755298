// The online state the recommender keeps, rebuilt offline by replaying interactions in event-time
// order: each user's state (features' user-state), popularity counts (features' in-memory
// counter, with the same event time and grace rule as the recommender's Redis buckets) and the
// co-visitation index. `rows` answers what the recommender would have computed for a user and
// items at a moment, from what had happened by then: the training rows and the parity test use it.
// A user's signals (userSignals: recent items, affinity shares) are computed once per change of
// what they read: events without weight (impressions, scrolls; most of the archive) only touch
// `seen`, which signals hold by reference, so the cached value is what a fresh call would return.
import { momentAt, viewerOf } from '@tessera/features/context';
import type { Viewer } from '@tessera/features/context';
import { EventTimeCounter } from '@tessera/features/event-time-counter';
import type { FeatureSet } from '@tessera/features/feature-set';
import type { ItemInfo } from '@tessera/features/item';
import { withinGrace } from '@tessera/features/popularity';
import { applyUserEvent, emptyUserState, ENGAGEMENT_WEIGHT, isEngagement } from '@tessera/features/user-state';
import type { UserState } from '@tessera/features/user-state';
import { userSignals, vectorize } from '@tessera/features/vectorize';
import type { Rows, UserSignals } from '@tessera/features/vectorize';
import { CoVisitationIndex, DEFAULT_COVIS } from '@tessera/ranking/retrieval/co-visitation';
import type { CompactInteraction, TrainingData } from './load.js';

export class ReplayState {
  readonly counter: EventTimeCounter;
  readonly covis = new CoVisitationIndex(DEFAULT_COVIS);
  private readonly users: UserState[] = [];
  private readonly signals: (UserSignals | undefined)[] = [];
  private readonly viewers: Viewer[];

  constructor(private readonly set: FeatureSet, private readonly data: Pick<TrainingData, 'userAttributes' | 'items'>) {
    this.counter = new EventTimeCounter(set.windows);
    this.viewers = data.userAttributes.map((attributes) => viewerOf(attributes));
  }

  user(index: number): UserState {
    return (this.users[index] ??= emptyUserState());
  }

  /** Applies one event (in event-time order) to the counts, the index and the user's state. */
  apply(e: CompactInteraction): void {
    const item = this.data.items[e.item]!;
    const state = this.user(e.user);
    const counted = withinGrace(e.at, e.receivedAt, this.set.graceMs);
    if (e.type === 'impression') {
      if (counted) this.counter.impression(item.contentId, e.at);
    } else if (isEngagement(e.type)) {
      this.covis.observe(item.contentId, e.at, state.history);
      if (counted) this.counter.engagement(item.contentId, e.at);
    }
    if (ENGAGEMENT_WEIGHT[e.type] !== 0 || isEngagement(e.type)) this.signals[e.user] = undefined;
    applyUserEvent(state, {
      contentId: item.contentId, type: e.type, at: e.at, categories: item.categories, sourceId: item.sourceId, storyId: item.storyId,
    }, this.set.affinityHalfLifeMs);
  }

  /** Feature rows of `items` for user `index` at `at`, from the state applied so far. */
  rows(index: number, items: readonly ItemInfo[], at: number): Rows {
    const viewer = this.viewers[index] ?? viewerOf(undefined);
    const signals = (this.signals[index] ??= userSignals(this.user(index)));
    return vectorize(this.set, signals, viewer, momentAt(at, viewer.timeZone), items, (id) => this.counter.counts(id, at), this.covis);
  }
}
