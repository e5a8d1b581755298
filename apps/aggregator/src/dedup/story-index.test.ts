import { describe, expect, it } from 'vitest';
import { contentIdFor, storyIdFor } from './content-id.js';
import { estimatedJaccard, shingles, signatureOf } from './minhash.js';
import { createStoryIndex } from './story-index.js';

const ledger = 'Deep-sea survey finds glowing shrimp colony off the Azores. Marine biologists aboard the research vessel Meridian have filmed a colony of bioluminescent shrimp living around a hydrothermal vent 2,300 metres below the surface, a species never recorded in the Atlantic before.';
const wire = 'Glowing shrimp colony found by deep-sea survey off the Azores. Marine biologists aboard the research vessel Meridian filmed a colony of bioluminescent shrimp living around a hydrothermal vent 2,300 metres below the surface, a species never before recorded in the Atlantic, the survey team said.';
const otherOceanStory = 'Deep-sea mining trial halted off the Azores. Regulators stopped a test dredge after survey teams reported sediment plumes spreading over coral gardens, pending a review of the licence.';

describe('content ids', () => {
  it('are stable hashes of the canonical URL that fit the contract id pattern', () => {
    const id = contentIdFor('https://harbourledger.example/science/x');
    expect(id).toMatch(/^c-[0-9a-f]{32}$/);
    expect(contentIdFor('https://harbourledger.example/science/x')).toBe(id);
    expect(contentIdFor('https://harbourledger.example/science/y')).not.toBe(id);
    expect(storyIdFor(id)).toBe(`s-${id.slice(2)}`);
  });
});

describe('MinHash', () => {
  it('estimates high similarity for a lightly edited copy and low for another story on the topic', () => {
    const a = signatureOf(shingles(ledger));
    expect(estimatedJaccard(a, signatureOf(shingles(wire)))).toBeGreaterThan(0.6);
    expect(estimatedJaccard(a, signatureOf(shingles(otherOceanStory)))).toBeLessThan(0.3);
  });
});

describe('story index', () => {
  it('puts a near-identical item from another outlet in the first item\'s story', () => {
    const index = createStoryIndex();
    const first = index.assign('c-1', ledger);
    expect(index.assign('c-2', wire)).toBe(first);
    expect(index.assign('c-3', otherOceanStory)).not.toBe(first);
  });

  it('keeps an item\'s story once given, and forgets removed items', () => {
    const index = createStoryIndex();
    const story = index.assign('c-1', ledger);
    expect(index.assign('c-1', otherOceanStory)).toBe(story);
    index.remove('c-1');
    expect(index.assign('c-2', wire)).toBe(storyIdFor('c-2'));
    expect(index.size).toBe(1);
  });

  it('restores known stories after a restart so new copies join them', () => {
    const index = createStoryIndex();
    index.restore('c-old', 's-from-content-v1', ledger);
    expect(index.assign('c-new', wire)).toBe('s-from-content-v1');
  });

  it('does not group short titles that share a few words by chance', () => {
    const index = createStoryIndex();
    const a = index.assign('c-1', 'Live: Bayern v Dortmund');
    expect(index.assign('c-2', 'Live: Bayern v Dortmund')).not.toBe(a);
  });
});
