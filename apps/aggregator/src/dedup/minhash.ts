// MinHash signatures over the words of title + summary, the sketch behind story grouping.
// Estimated Jaccard similarity of two signatures (share of equal slots) approximates the overlap
// of the two word sets, which stays high when an outlet rewrites a wire story lightly and is low
// for different stories on the same topic. Words are folded (case, accents) and words of one or
// two letters are ignored: they are mostly articles and prepositions in every language we read.
import { fold } from '../normalize/fold.js';

export const SIGNATURE_SIZE = 72;
const MIN_WORD_LENGTH = 3;

export type Signature = Uint32Array;

/** The distinct folded words of the text that take part in the sketch. */
export function shingles(text: string): Set<string> {
  return new Set(fold(text).split(' ').filter((w) => [...w].length >= MIN_WORD_LENGTH));
}

export function signatureOf(words: ReadonlySet<string>): Signature {
  const signature = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (const word of words) {
    const base = fnv1a(word);
    for (let i = 0; i < SIGNATURE_SIZE; i++) {
      const h = fmix32(base ^ SEEDS[i]!);
      if (h < signature[i]!) signature[i] = h;
    }
  }
  return signature;
}

/** Share of equal slots: an unbiased estimate of the Jaccard similarity of the word sets. */
export function estimatedJaccard(a: Signature, b: Signature): number {
  let equal = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[i]) equal++;
  return equal / SIGNATURE_SIZE;
}

// FNV-1a over UTF-16 code units: a fast, well-spread 32-bit string hash.
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// MurmurHash3's finalizer: turns "hash xor seed" into an independent-looking permutation per slot.
export function fmix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// Fixed seeds (not random per process): signatures must be equal across restarts and instances.
const SEEDS: Uint32Array = (() => {
  const seeds = new Uint32Array(SIGNATURE_SIZE);
  let state = 0x9e3779b9;
  for (let i = 0; i < SIGNATURE_SIZE; i++) {
    state = fmix32(state + 0x9e3779b9);
    seeds[i] = state;
  }
  return seeds;
})();
