// src/main.ts as a real child process (node + tsx, as `npm start` runs it) against the embedded
// broker and the demo feed server: it provisions content.v1, catches up, polls, publishes, serves
// its probes and metrics, and exits 0 on SIGTERM. Catches what in-process tests cannot: ESM/CJS
// import mistakes, config parsing, and the shutdown order. Waits are for the process's log lines;
// the hooks of @tessera/platform/testing/app-process kill it and remove its temporary directory
// whatever the outcome, a timeout included.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestBroker } from '@tessera/streams/testing';
import { spawnApp, stopProcessesAfterEach, tempDir } from '@tessera/platform/testing/app-process';
import { topicNames } from '@tessera/streams/topic-names';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebaseFeedDates } from '../src/demo-dates.js';
import { readFeedDirectory, startFeedServer } from '../src/feed-server.js';
import type { FeedServer } from '../src/feed-server.js';
import { eventually, readContent, startTestBroker, testKafka, uid } from './kafka-support.js';
import { demoFeedsDir, demoSourcesPath } from './support.js';

const APP_DIR = fileURLToPath(new URL('../', import.meta.url));
const KEY = 'process-test-editors-key-0123';

let broker: TestBroker;
let feeds: FeedServer;
beforeAll(async () => {
  broker = await startTestBroker();
  const texts = await readFeedDirectory(demoFeedsDir);
  feeds = await startFeedServer({ feeds: new Map([...texts].map(([name, xml]) => [name, rebaseFeedDates(xml, Date.now())])) });
});
afterAll(async () => {
  await feeds.close();
  await broker.close();
});

stopProcessesAfterEach();

function spawnMain(env: Record<string, string>) {
  return spawnApp({ cwd: APP_DIR, entry: 'src/main.ts', env: { LOG_LEVEL: 'info', PORT: '0', ...env } });
}

describe('tsx src/main.ts', () => {
  it('publishes the demo feeds to content.v1, serves probes and metrics, reloads on SIGHUP, and exits 0 on SIGTERM', async () => {
    const prefix = uid('proc');
    const dir = await tempDir('aggregator-process');
    const sourcesFile = join(dir, 'sources.json');
    const demoSources = JSON.parse(await readFile(demoSourcesPath, 'utf8')) as { sources: { id: string }[] };
    await writeFile(sourcesFile, JSON.stringify(demoSources));
    const main = spawnMain({
      KAFKA_BROKERS: broker.brokers.join(','), TOPIC_PREFIX: prefix, FEED_BASE_URL: feeds.baseUrl, AGGREGATOR_EDITORS_KEY: KEY,
      SOURCES_FILE: sourcesFile,
    });
    const started = await main.waitForLog('aggregator started');
    const url = String(started.url);
    const kafka = testKafka(broker);
    const reader = await readContent(kafka, topicNames(prefix));
    try {
      await eventually(() => (reader.live().length === 23 ? true : undefined), '23 items on content.v1');
    } finally {
      await reader.stop();
    }
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/tessera_aggregator_items_total\{[^}]*source="harbour-ledger"[^}]*outcome="published"[^}]*\} 5/);
    expect(metrics).toMatch(/tessera_aggregator_source_healthy\{[^}]*source="el-mirador"[^}]*\} 1/);
    expect((await fetch(`${url}/v1/sources`)).status).toBe(401);
    // SIGHUP: a broken file keeps the running sources; a valid edit is applied
    await writeFile(sourcesFile, '{"sources": [');
    main.child.kill('SIGHUP');
    expect(await main.waitForLog('sources reload failed; keeping the running configuration')).toMatchObject({ issues: [expect.stringMatching(/not valid JSON/)] });
    await writeFile(sourcesFile, JSON.stringify({ ...demoSources, sources: demoSources.sources.filter((s) => s.id !== 'puzzle-corner') }));
    main.child.kill('SIGHUP');
    expect(await main.waitForLog('sources reloaded')).toMatchObject({ sources: 5, publishers: 1 });
    const health = (await (await fetch(`${url}/v1/sources`, { headers: { authorization: `Bearer ${KEY}` } })).json()) as { sources: { sourceId: string }[] };
    expect(health.sources.map((s) => s.sourceId)).not.toContain('puzzle-corner');
    expect(health.sources).toHaveLength(5);
    // the secret never reaches the log
    expect(JSON.stringify(main.lines)).not.toContain(KEY);
    expect(await main.stop('SIGTERM')).toBe(0);
    expect(main.lines.some((l) => l.msg === 'shutdown complete')).toBe(true);
  }, 180_000);

  it('exits 78 naming the problem when the sources file is invalid', async () => {
    const main = spawnMain({ KAFKA_BROKERS: broker.brokers.join(','), TOPIC_PREFIX: uid('proc'), AGGREGATOR_EDITORS_KEY: 'short' });
    expect(await main.exited).toBe(78);
    expect(main.stderr()).toMatch(/AGGREGATOR_EDITORS_KEY must hold at least 16 characters/);
  });
});
