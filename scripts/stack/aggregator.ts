// The aggregator in the local stack: the demo feed server (the six demo feeds with their dates
// moved to the present) and the aggregator polling it into content.v1, each as its own process.
// Both are sources of data, so they stop first.
import { fileURLToPath } from 'node:url';
import { DEV_EDITORS_KEY } from './config.js';
import type { StackSettings } from './config.js';
import { line } from './roster.js';
import type { StackPart } from './roster.js';
import type { Supervisor } from './supervisor.js';

const APP_DIR = fileURLToPath(new URL('../../apps/aggregator/', import.meta.url));

export async function startAggregatorApps(settings: StackSettings, brokers: readonly string[], supervisor: Supervisor): Promise<StackPart> {
  const feedsUrl = `http://127.0.0.1:${settings.DEMO_FEEDS_PORT}/feeds/`;
  const apiUrl = `http://127.0.0.1:${settings.AGGREGATOR_PORT}`;
  await supervisor.start({
    name: 'demo-feeds', stage: 'sources', cwd: APP_DIR, run: { tsx: 'src/feed-server-cli.ts' },
    env: { FEED_SERVER_PORT: String(settings.DEMO_FEEDS_PORT) },
    ready: { url: `${feedsUrl}harbour-ledger.rss` },
  });
  await supervisor.start({
    name: 'aggregator', stage: 'sources', cwd: APP_DIR, run: { tsx: 'src/main.ts' },
    env: {
      KAFKA_BROKERS: brokers.join(','), PORT: String(settings.AGGREGATOR_PORT), FEED_BASE_URL: feedsUrl,
      AGGREGATOR_EDITORS_KEY: settings.AGGREGATOR_EDITORS_KEY, PROVISION_TOPICS: 'false', LOG_LEVEL: settings.LOG_LEVEL,
    },
    ready: { url: `${apiUrl}/readyz` },
  });
  // The development key is printed so the push API can be tried at once; a real one never is.
  const key = settings.AGGREGATOR_EDITORS_KEY === DEV_EDITORS_KEY ? settings.AGGREGATOR_EDITORS_KEY : '<AGGREGATOR_EDITORS_KEY>';
  return {
    roster: [{ name: 'aggregator', status: 'running', note: `demo feeds + push API -> content.v1 (metrics ${apiUrl}/metrics)` }],
    lines: [
      line('push API', `${apiUrl}/v1/content   (Authorization: Bearer ${key}; GET /v1/sources: feed health)`),
      line('demo feeds', `${feedsUrl}   (polled by the aggregator into content.v1)`),
    ],
  };
}
