// Groups near-identical items into stories: locality-sensitive hashing over MinHash signatures
// (24 bands of 3 slots) finds candidates without comparing against every live item, and a
// candidate joins a story when its estimated Jaccard similarity reaches the threshold. With these
// bands a pair at similarity 0.5 becomes a candidate with probability ~0.96, at 0.7 ~1.0.
// A story id, once given to an item, never changes for that item (consumers key on it).
import { storyIdFor } from './content-id.js';
import { SIGNATURE_SIZE, estimatedJaccard, fmix32, shingles, signatureOf } from './minhash.js';
import type { Signature } from './minhash.js';

const BANDS = 24;
const ROWS = SIGNATURE_SIZE / BANDS;
const DEFAULT_THRESHOLD = 0.5;
// Fewer distinct words than this and overlap is chance ("Live: Bayern - Dortmund"): own story.
const MIN_WORDS = 5;

interface Entry {
  readonly storyId: string;
  readonly signature: Signature | undefined;
  readonly bandKeys: readonly number[];
}

export interface StoryIndex {
  /** The story of an item: its existing one, the story of its nearest near-duplicate, or a new one. */
  assign(contentId: string, text: string): string;
  /** Puts back an item with its known story (after a restart, from content.v1). */
  restore(contentId: string, storyId: string, text: string): void;
  remove(contentId: string): void;
  storyOf(contentId: string): string | undefined;
  readonly size: number;
}

export function createStoryIndex(options: { threshold?: number } = {}): StoryIndex {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const entries = new Map<string, Entry>();
  const buckets = new Map<number, Set<string>>();

  function sketch(text: string): { signature: Signature | undefined; bandKeys: number[] } {
    const words = shingles(text);
    if (words.size < MIN_WORDS) return { signature: undefined, bandKeys: [] };
    const signature = signatureOf(words);
    return { signature, bandKeys: bandKeysOf(signature) };
  }

  function insert(contentId: string, entry: Entry): void {
    entries.set(contentId, entry);
    for (const key of entry.bandKeys) {
      let bucket = buckets.get(key);
      if (!bucket) buckets.set(key, (bucket = new Set()));
      bucket.add(contentId);
    }
  }

  function nearest(signature: Signature, bandKeys: readonly number[]): Entry | undefined {
    let best: Entry | undefined;
    let bestScore = threshold;
    const seen = new Set<string>();
    for (const key of bandKeys) {
      for (const candidateId of buckets.get(key) ?? []) {
        if (seen.has(candidateId)) continue;
        seen.add(candidateId);
        const candidate = entries.get(candidateId);
        if (!candidate?.signature) continue;
        const score = estimatedJaccard(signature, candidate.signature);
        if (score >= bestScore) {
          best = candidate;
          bestScore = score;
        }
      }
    }
    return best;
  }

  const index: StoryIndex = {
    assign(contentId, text) {
      const existing = entries.get(contentId);
      if (existing) return existing.storyId;
      const { signature, bandKeys } = sketch(text);
      const match = signature ? nearest(signature, bandKeys) : undefined;
      const storyId = match?.storyId ?? storyIdFor(contentId);
      insert(contentId, { storyId, signature, bandKeys });
      return storyId;
    },
    restore(contentId, storyId, text) {
      index.remove(contentId);
      insert(contentId, { storyId, ...sketch(text) });
    },
    remove(contentId) {
      const entry = entries.get(contentId);
      if (!entry) return;
      entries.delete(contentId);
      for (const key of entry.bandKeys) {
        const bucket = buckets.get(key);
        bucket?.delete(contentId);
        if (bucket?.size === 0) buckets.delete(key);
      }
    },
    storyOf: (contentId) => entries.get(contentId)?.storyId,
    get size() {
      return entries.size;
    },
  };
  return index;
}

function bandKeysOf(signature: Signature): number[] {
  const keys: number[] = [];
  for (let band = 0; band < BANDS; band++) {
    let h = band;
    for (let row = 0; row < ROWS; row++) h = fmix32(h ^ signature[band * ROWS + row]!);
    // Band number in the high bits so equal rows in different bands never share a bucket.
    keys.push(band * 2 ** 32 + h);
  }
  return keys;
}
