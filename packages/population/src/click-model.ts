// The ground truth of simulations: how likely a user is to engage with a card, from hidden
// preferences the recommender never sees directly. Engagement = click; a click is followed by a
// like or a share sometimes; an unwanted card is sometimes dismissed. Language matters most (a card
// in a language the user does not read is almost never clicked), then category preference, the
// item's hidden quality, the source, and freshness.
import type { ContentItem } from '@tessera/contracts/schemas/content-item';
import type { SimUser } from './users.js';

const HOUR_MS = 3_600_000;

export function clickProbability(user: SimUser, item: ContentItem, quality: number, at: number): number {
  let category = 0;
  for (const c of item.categories) category = Math.max(category, user.hidden.categories.get(c) ?? 0);
  const source = user.hidden.sources.get(item.source.sourceId) ?? 0;
  const language = item.languages.some((l) => user.profile.languages.includes(l)) ? 0 : -3;
  const ageHours = Math.max(0, at - item.publishedAt) / HOUR_MS;
  const logit = -3.2 + 3.0 * category + 0.8 * source + quality + language - 0.02 * ageHours;
  return 1 / (1 + Math.exp(-logit));
}

export interface Outcome {
  readonly click: boolean;
  readonly like: boolean;
  readonly share: boolean;
  readonly dismiss: boolean;
  /** Time the card stayed on screen. */
  readonly onScreenMs: number;
}

export function drawOutcome(p: number, random: () => number): Outcome {
  const click = random() < p;
  return {
    click,
    like: click && random() < 0.3,
    share: click && random() < 0.08,
    dismiss: !click && random() < (1 - p) * 0.05,
    onScreenMs: Math.round(300 + random() * (click ? 4000 : 1500)),
  };
}
