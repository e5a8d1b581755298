// What the recommender would know after a set of interactions, built in memory from a log: each
// user's online state (affinities, history), popularity counts by event time and the
// co-visitation index. Every interaction of a log counts as an engagement ("click"). The same
// state code the live recommender runs (packages/features, the ranking package's index) is used,
// so offline evaluation measures the product's own pipeline.
import type { FeatureSet } from '@tessera/features/feature-set';
import { EventTimeCounter } from '@tessera/features/event-time-counter';
import { applyUserEvent, emptyUserState } from '@tessera/features/user-state';
import type { UserState } from '@tessera/features/user-state';
import { CoVisitationIndex } from '@tessera/ranking/retrieval/co-visitation';
import type { CoVisitationOptions } from '@tessera/ranking/retrieval/co-visitation';
import type { InteractionLog, LogEvent } from './interaction-log.js';

export interface OfflineWorld {
  readonly users: UserState[];
  /** Items each user interacted with in the known events. */
  readonly known: Set<number>[];
  readonly counter: EventTimeCounter;
  readonly covis: CoVisitationIndex;
  /** Known interactions per item. */
  readonly allTime: Float64Array;
  /** Known events sorted by time (for windowed popularity). */
  readonly timeline: LogEvent[];
}

/** `perUser[u]` = user u's known events in time order. */
export function buildWorld(set: FeatureSet, log: InteractionLog, perUser: readonly (readonly LogEvent[])[], covisOptions: CoVisitationOptions): OfflineWorld {
  const counter = new EventTimeCounter(set.windows);
  const covis = new CoVisitationIndex(covisOptions);
  const allTime = new Float64Array(log.itemIds.length);
  const users: UserState[] = [];
  const known: Set<number>[] = [];
  const timeline: LogEvent[] = [];
  perUser.forEach((events, u) => {
    const state = emptyUserState();
    const items = new Set<number>();
    for (const e of events) {
      const contentId = log.itemIds[e.item]!;
      covis.observe(contentId, e.at, state.history);
      applyUserEvent(state, { contentId, type: 'click', at: e.at, categories: log.itemCategories[e.item]! }, set.affinityHalfLifeMs);
      counter.engagement(contentId, e.at);
      allTime[e.item] = allTime[e.item]! + 1;
      items.add(e.item);
      timeline.push(e);
    }
    users[u] = state;
    known[u] = items;
  });
  timeline.sort((a, b) => a.at - b.at || a.order - b.order);
  return { users, known, counter, covis, allTime, timeline };
}
