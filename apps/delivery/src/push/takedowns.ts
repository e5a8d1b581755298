// The takedowns this node has seen (content.v1 tombstones), newest kept up to a bound: a feed
// consumed after a takedown of one of its cards goes out with that card already marked removed,
// in case the recommender had not seen the takedown when it ranked the feed.
export class RecentTakedowns {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  add(contentId: string): void {
    this.ids.delete(contentId);
    this.ids.add(contentId);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
  }

  has(contentId: string): boolean {
    return this.ids.has(contentId);
  }

  /** The given cards that were taken down, in card order. */
  among(cards: readonly string[]): string[] {
    return this.ids.size === 0 ? [] : cards.filter((c) => this.ids.has(c));
  }
}
