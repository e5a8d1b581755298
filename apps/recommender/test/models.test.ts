// Model releases reach the recommender without a restart: a good one is loaded and used by the
// next feed of a model-arm user (the control arm keeps windowed popularity), one with a bad
// checksum or a feature set this code does not compute is refused and the serving model stays;
// and related items come from the release's co-visitation index, named in relatedTo. A restarted
// process loads the latest release again.
import { redisKeys } from '@tessera/contracts/redis/keys';
import { eventually } from '@tessera/streams/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armOf } from '../src/feeds/arms.js';
import { publishBundle } from './bundle.js';
import { attributes, beacon, interaction, item, metric, putProfile, startHarness } from './support.js';
import type { Harness } from './support.js';

let h: Harness;
beforeAll(async () => {
  // Feeds as large as the catalogue, so the related item is in the feed whatever the test model scores.
  h = await startHarness({ feed: { size: 12, perCategory: 6, explorationSlot: undefined, modelPercent: 50, maxCandidates: 300, activeWindowMs: 30 * 60_000 } });
  await h.producer.send('content.v1', Array.from({ length: 12 }, (_, i) => item(h, i, { categories: [i % 2 === 0 ? 'science' : 'culture'] })));
  await eventually(async () => ((await h.redis.exists(redisKeys.contentItem(`${h.id}-c11`))) === 1 ? true : undefined), 'content table');
});
afterAll(async () => { await h?.close(); });

/** A user id of the scope in the wanted arm (50 %: found within a few tries). */
function userIn(arm: 'model' | 'popularity', tag: string): string {
  for (let i = 0; ; i += 1) {
    const u = `${h.id}-${tag}${i}`;
    if (armOf(u, 50) === arm) return u;
  }
}

async function feedAfterClick(u: string, contentId: string) {
  const attrs = attributes(h);
  const before = h.feedsOf(u).length;
  await h.producer.send('interactions.enriched.v1', [interaction(u, contentId, 'click', attrs)]);
  return eventually(() => h.feedsOf(u)[before], `a feed for ${u}`);
}

describe('model releases', () => {
  it('hot-swaps a released model in, refuses bad ones, and uses the release\'s index for related items', async () => {
    const model = userIn('model', 'm');
    const control = userIn('popularity', 'p');
    for (const u of [model, control]) {
      await putProfile(h, u, attributes(h));
      await beacon(h, u, attributes(h));
      await eventually(() => h.feedsOf(u)[0], 'first feed');
    }
    expect(h.feedsOf(model)[0]!.model).toEqual({ name: 'popularity', version: 'window-1h' }); // no model yet

    const covis = { options: { window: 20, maxGapMs: Number.MAX_SAFE_INTEGER, successorSpan: 3 }, items: {
      [`${h.id}-c0`]: { n: 5, pairs: [[`${h.id}-c7`, 4]] as [string, number][], next: [] },
      [`${h.id}-c7`]: { n: 5, pairs: [] as [string, number][], next: [] },
    } };
    await h.producer.send('models.v1', [await publishBundle(h.store, 'v1', { covis })]);
    await eventually(() => h.recommender.model.current()?.version === 'v1' || undefined, 'v1 loaded');

    const next = await feedAfterClick(model, `${h.id}-c0`);
    expect(next.model).toEqual({ name: 'ctr', version: 'v1' });
    expect(next.arm).toBe('model');
    const related = next.cards.find((c) => c.contentId === `${h.id}-c7`);
    expect(related?.reasons).toContain('related');
    expect(related?.relatedTo).toBe(`${h.id}-c0`);
    const controlFeed = await feedAfterClick(control, `${h.id}-c1`);
    expect(controlFeed).toMatchObject({ arm: 'popularity', model: { name: 'popularity' } });

    const refusedBefore = await metric(h.registry, 'tessera_recommender_model_loads_total', { outcome: 'refused' });
    await h.producer.send('models.v1', [await publishBundle(h.store, 'v2', { corruptSha: true })]);
    await eventually(async () => ((await metric(h.registry, 'tessera_recommender_model_loads_total', { outcome: 'refused' })) > refusedBefore ? true : undefined), 'v2 refused');
    await h.producer.send('models.v1', [await publishBundle(h.store, 'v3', { featureSet: 'live-0' })]);
    await eventually(async () => ((await metric(h.registry, 'tessera_recommender_model_loads_total', { outcome: 'refused' })) > refusedBefore + 1 ? true : undefined), 'v3 refused');
    expect(h.recommender.model.current()?.version).toBe('v1');
    expect((await feedAfterClick(model, `${h.id}-c2`)).model).toEqual({ name: 'ctr', version: 'v1' });

    await h.producer.send('models.v1', [await publishBundle(h.store, 'v4')]);
    await eventually(() => h.recommender.model.current()?.version === 'v4' || undefined, 'v4 loaded');
    expect((await feedAfterClick(model, `${h.id}-c3`)).model).toEqual({ name: 'ctr', version: 'v4' });
  });

  it('loads the latest release at start, without waiting for a new one', async () => {
    await h.restart();
    await eventually(() => h.recommender.model.current()?.version === 'v4' || undefined, 'v4 loaded after a restart');
  });
});
