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

// The live index interns item ids: pair and successor weights sit in per-item maps keyed by the
// other item's number (the trainer asks ~20 similarities per training row; number keys are much
// cheaper to look up than strings in maps of thousands of entries). Results are the same numbers
// the formula gives on string-keyed counts.
export class CoVisitationIndex extends Lookup {
  private readonly index = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly n: number[] = [];
  private readonly pairs: Map<number, number>[] = [];
  private readonly next: Map<number, number>[] = [];

  constructor(readonly options: CoVisitationOptions = DEFAULT_COVIS) {
    super();
  }

  private intern(contentId: string): number {
    let i = this.index.get(contentId);
    if (i === undefined) {
      i = this.ids.push(contentId) - 1;
      this.index.set(contentId, i);
      this.n.push(0);
      this.pairs.push(new Map());
      this.next.push(new Map());
    }
    return i;
  }

  /** Counts an engagement with `contentId` at `at`; `prior` = the user's earlier engagements, newest first. */
  observe(contentId: string, at: number, prior: readonly PriorEngagement[]): void {
    const item = this.intern(contentId);
    this.n[item] = this.n[item]! + 1;
    let distance = 0;
    for (const p of prior) {
      if (distance >= this.options.window) break;
      if (at - p.at > this.options.maxGapMs) break;
      distance += 1;
      if (p.contentId === contentId) continue;
      const before = this.intern(p.contentId);
      const w = 1 / Math.sqrt(distance);
      const row = this.pairs[item]!;
      row.set(before, (row.get(before) ?? 0) + w);
      const back = this.pairs[before]!;
      back.set(item, (back.get(item) ?? 0) + w);
      if (distance <= this.options.successorSpan) {
        const follows = this.next[before]!;
        follows.set(item, (follows.get(item) ?? 0) + 1 / distance);
      }
    }
  }

  override similarity(a: string, b: string): number {
    if (a === b) return 0;
    const i = this.index.get(a);
    if (i === undefined) return 0;
    const j = this.index.get(b);
    if (j === undefined) return 0;
    const w = this.pairs[i]!.get(j) ?? 0;
    return w === 0 ? 0 : w / Math.sqrt(this.n[i]! * this.n[j]!);
  }

  protected count(contentId: string): number {
    const i = this.index.get(contentId);
    return i === undefined ? 0 : this.n[i]!;
  }

  protected pairWeight(a: string, b: string): number {
    const i = this.index.get(a);
    const j = this.index.get(b);
    return i === undefined || j === undefined ? 0 : this.pairs[i]!.get(j) ?? 0;
  }

  protected nextWeight(a: string, b: string): number {
    const i = this.index.get(a);
    const j = this.index.get(b);
    return i === undefined || j === undefined ? 0 : this.next[i]!.get(j) ?? 0;
  }

  protected pairsOf(contentId: string): Iterable<[string, number]> {
    const i = this.index.get(contentId);
    return i === undefined ? [] : this.named(this.pairs[i]!);
  }

  private named(row: Map<number, number>): [string, number][] {
    const out: [string, number][] = [];
    for (const [other, w] of row) out.push([this.ids[other]!, w]);
    return out;
  }

  /** Keeps each item's `limit` strongest pairs and successors. */
  snapshot(limit = 100): CoVisitationSnapshot {
    const items: CoVisitationSnapshot['items'] = {};
    const top = (row: [string, number][], score: (other: string, w: number) => number) => row
      .map(([other, w]): [string, number, number] => [other, w, score(other, w)])
      .sort((x, y) => y[2] - x[2] || (x[0] < y[0] ? -1 : 1))
      .slice(0, limit)
      .map(([other, w]): [string, number] => [other, w]);
    this.ids.forEach((contentId, i) => {
      if (this.n[i] === 0) return; // only seen as someone's earlier engagement: not counted here
      items[contentId] = {
        n: this.n[i]!,
        pairs: top(this.named(this.pairs[i]!), (other) => this.similarity(contentId, other)),
        next: top(this.named(this.next[i]!), (_other, w) => w),
      };
    });
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
