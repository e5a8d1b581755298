// Item–item co-visitation: which items users engage with close together. Learned from engagement
// sequences (one user's clicks, likes, shares in event-time order): each new engagement is paired
// with the user's previous `window` engagements within `maxGapMs`, weighted 1/sqrt(distance), and
// counted as a successor of the previous `successorSpan` ones, weighted 1/distance.
//   similarity(a, b) = pairs(a, b) / sqrt(n(a) · n(b))        successor(a, b) = follows(a → b) / n(a)
// It is a retrieval model (candidates: the neighbours of a user's recent items) and a feature
// (vectorize's covis_*). The live index counts everything it observes; a snapshot keeps each
// item's strongest pairs and ships with the ranking model, so the recommender scores with the
// same index the model was trained with. A frozen snapshot answers with the same formula.
import type { CoVisitation } from '@tessera/features/vectorize';

export interface CoVisitationOptions {
  /** How many previous engagements of the same user a new one pairs with. */
  readonly window: number;
  /** Pairs further apart in time are not counted (ms; Infinity = no limit). */
  readonly maxGapMs: number;
  /** How many previous engagements a new one counts as a successor of. */
  readonly successorSpan: number;
}

export const DEFAULT_COVIS: CoVisitationOptions = { window: 20, maxGapMs: Number.POSITIVE_INFINITY, successorSpan: 3 };

export interface PriorEngagement {
  readonly contentId: string;
  readonly at: number;
}

type Counts = Map<string, number>;

function bump(table: Map<string, Counts>, a: string, b: string, w: number): void {
  let row = table.get(a);
  if (!row) {
    row = new Map();
    table.set(a, row);
  }
  row.set(b, (row.get(b) ?? 0) + w);
}

/** Serializable form: per item its engagement count and strongest pairs and successors (raw weights). */
export interface CoVisitationSnapshot {
  readonly options: CoVisitationOptions;
  readonly items: Record<string, { n: number; pairs: [string, number][]; next: [string, number][] }>;
}

abstract class Lookup implements CoVisitation {
  protected abstract count(contentId: string): number;
  protected abstract pairWeight(a: string, b: string): number;
  protected abstract nextWeight(a: string, b: string): number;
  protected abstract pairsOf(contentId: string): Iterable<[string, number]>;

  similarity(a: string, b: string): number {
    if (a === b) return 0;
    const w = this.pairWeight(a, b);
    return w === 0 ? 0 : w / Math.sqrt(this.count(a) * this.count(b));
  }

  successor(a: string, b: string): number {
    const w = this.nextWeight(a, b);
    return w === 0 ? 0 : w / this.count(a);
  }

  /** The `limit` most similar items, strongest first (ties by id). */
  neighbors(contentId: string, limit: number): [string, number][] {
    const out: [string, number][] = [];
    for (const [other] of this.pairsOf(contentId)) out.push([other, this.similarity(contentId, other)]);
    out.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
    return out.slice(0, limit);
  }
}

export class CoVisitationIndex extends Lookup {
  private readonly pairs = new Map<string, Counts>();
  private readonly next = new Map<string, Counts>();
  private readonly n = new Map<string, number>();

  constructor(readonly options: CoVisitationOptions = DEFAULT_COVIS) {
    super();
  }

  /** Counts an engagement with `contentId` at `at`; `prior` = the user's earlier engagements, newest first. */
  observe(contentId: string, at: number, prior: readonly PriorEngagement[]): void {
    this.n.set(contentId, (this.n.get(contentId) ?? 0) + 1);
    let distance = 0;
    for (const p of prior) {
      if (distance >= this.options.window) break;
      if (at - p.at > this.options.maxGapMs) break;
      distance += 1;
      if (p.contentId === contentId) continue;
      const w = 1 / Math.sqrt(distance);
      bump(this.pairs, contentId, p.contentId, w);
      bump(this.pairs, p.contentId, contentId, w);
      if (distance <= this.options.successorSpan) bump(this.next, p.contentId, contentId, 1 / distance);
    }
  }

  protected count(contentId: string): number {
    return this.n.get(contentId) ?? 0;
  }

  protected pairWeight(a: string, b: string): number {
    return this.pairs.get(a)?.get(b) ?? 0;
  }

  protected nextWeight(a: string, b: string): number {
    return this.next.get(a)?.get(b) ?? 0;
  }

  protected pairsOf(contentId: string): Iterable<[string, number]> {
    return this.pairs.get(contentId) ?? [];
  }

  /** Keeps each item's `limit` strongest pairs and successors. */
  snapshot(limit = 100): CoVisitationSnapshot {
    const items: CoVisitationSnapshot['items'] = {};
    const top = (row: Counts | undefined, score: (other: string, w: number) => number) => [...(row ?? [])]
      .map(([other, w]): [string, number, number] => [other, w, score(other, w)])
      .sort((x, y) => y[2] - x[2] || (x[0] < y[0] ? -1 : 1))
      .slice(0, limit)
      .map(([other, w]): [string, number] => [other, w]);
    for (const [contentId, n] of this.n) {
      items[contentId] = {
        n,
        pairs: top(this.pairs.get(contentId), (other) => this.similarity(contentId, other)),
        next: top(this.next.get(contentId), (_other, w) => w),
      };
    }
    return { options: this.options, items };
  }
}

/** A snapshot, answering lookups: a pair kept by either of its items counts. */
export class FrozenCoVisitation extends Lookup {
  private readonly pairs = new Map<string, Counts>();
  private readonly next = new Map<string, Counts>();
  private readonly n = new Map<string, number>();

  constructor(snapshot: CoVisitationSnapshot) {
    super();
    for (const [contentId, item] of Object.entries(snapshot.items)) {
      this.n.set(contentId, item.n);
      for (const [other, w] of item.pairs) {
        bump(this.pairs, contentId, other, 0);
        this.pairs.get(contentId)!.set(other, w);
        bump(this.pairs, other, contentId, 0);
        this.pairs.get(other)!.set(contentId, w);
      }
      this.next.set(contentId, new Map(item.next));
    }
  }

  get size(): number {
    return this.n.size;
  }

  protected count(contentId: string): number {
    return this.n.get(contentId) ?? 0;
  }

  protected pairWeight(a: string, b: string): number {
    return this.pairs.get(a)?.get(b) ?? 0;
  }

  protected nextWeight(a: string, b: string): number {
    return this.next.get(a)?.get(b) ?? 0;
  }

  protected pairsOf(contentId: string): Iterable<[string, number]> {
    return this.pairs.get(contentId) ?? [];
  }
}
