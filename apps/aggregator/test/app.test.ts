// Feeds and the push API working on one catalogue, over real local HTTP: what an editor takes
// down stays down even while the feed keeps listing it; operators see feed health; a reload
// rotates publisher keys.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EDITORS_KEY, startFeedHarness } from './harness.js';
import type { FeedHarness } from './harness.js';
import { demoFeed } from './support.js';

let h: FeedHarness;
let api: string;
beforeEach(async () => {
  h = await startFeedHarness();
  api = await h.aggregator.api.listen({ port: 0, host: '127.0.0.1' });
});
afterEach(async () => { await h.close(); });

const auth = (key = EDITORS_KEY) => ({ authorization: `Bearer ${key}` });

describe('aggregator', () => {
  it('keeps a feed item that an editor took down removed, even when the feed changes', async () => {
    await h.poller.pollNow('petit-curieux');
    const venus = h.content.records.find((r) => r.value?.title.startsWith('Une journée sur Vénus'));
    expect(venus).toBeDefined();
    const response = await fetch(`${api}/v1/content/${venus?.key}`, { method: 'DELETE', headers: auth() });
    expect(response.status).toBe(200);
    expect(h.content.records.at(-1)).toEqual({ key: venus?.key, value: null, reason: 'takedown' });

    h.server.put('petit-curieux.rss', demoFeed('petit-curieux.rss').replace('243 jours terrestres', 'deux cent quarante-trois jours'));
    expect(await h.poller.pollNow('petit-curieux')).toMatchObject({ outcome: 'fetched' });
    expect(h.reports.get('petit-curieux')?.rejected.map((e) => e.code)).toEqual(['item_removed']);
    expect(h.content.records.filter((r) => r.key === venus?.key).map((r) => r.value === null)).toEqual([false, true]);
  });

  it('shows each source\'s health with the reason of its last failure', async () => {
    h.server.put('el-mirador.atom', '<html><body>Mantenimiento</body></html>');
    await h.poller.pollAll();
    const response = await fetch(`${api}/v1/sources`, { headers: auth() });
    const { sources } = await response.json() as { sources: { sourceId: string; healthy: boolean; lastError?: { code: string; message: string } }[] };
    expect(sources.filter((s) => !s.healthy)).toEqual([
      expect.objectContaining({ sourceId: 'el-mirador', lastError: expect.objectContaining({ code: 'feed_malformed', message: expect.stringMatching(/^not an RSS or Atom feed/) }) }),
    ]);
    expect((await fetch(`${api}/v1/sources`)).status).toBe(401);
  });

  it('rotates publisher keys on a configuration reload', async () => {
    const newKey = 'rotated-editors-key-9876543210';
    h.aggregator.applyConfig({ ...h.config, publishers: h.config.publishers.map((p) => ({ ...p, apiKey: newKey })) });
    const body = JSON.stringify({ url: 'https://editors.tessera.example/x', title: 'Rotated keys still publish' });
    const post = (key: string) => fetch(`${api}/v1/content`, { method: 'POST', headers: { ...auth(key), 'content-type': 'application/json' }, body });
    expect((await post(EDITORS_KEY)).status).toBe(401);
    expect((await post(newKey)).status).toBe(200);
  });
});
