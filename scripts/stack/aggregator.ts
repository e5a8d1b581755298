// The aggregator in the local stack: the demo feed server (the six demo feeds with their dates
// moved to the present) and the aggregator polling it into content.v1, each as its own process,
// registered for shutdown so the aggregator stops before the feed server and both before the broker.
import { fileURLToPath } from 'node:url';
import type { Shutdown } from '@tessera/platform/shutdown';
import { startChildApp } from './child-app.js';
import { DEV_EDITORS_KEY } from './config.js';

const APP_DIR = fileURLToPath(new URL('../../apps/aggregator/', import.meta.url));

export interface AggregatorStackSettings {
  readonly brokers: readonly string[];
  readonly logDir: string;
  readonly feedsPort: number;
  readonly port: number;
  readonly editorsKey: string;
  readonly logLevel: string;
}

/** Starts both processes once they answer; returns the lines `npm start` prints about them. */
export async function startAggregatorApps(settings: AggregatorStackSettings, shutdown: Shutdown): Promise<string[]> {
  const feedsUrl = `http://127.0.0.1:${settings.feedsPort}/feeds/`;
  const apiUrl = `http://127.0.0.1:${settings.port}`;
  const feeds = await startChildApp({
    name: 'demo-feeds', cwd: APP_DIR, entry: 'src/feed-server-cli.ts', logDir: settings.logDir,
    env: { FEED_SERVER_PORT: String(settings.feedsPort) },
    readyUrl: `${feedsUrl}harbour-ledger.rss`,
  });
  shutdown.register('demo feed server', () => feeds.stop(), 'draining');
  const aggregator = await startChildApp({
    name: 'aggregator', cwd: APP_DIR, entry: 'src/main.ts', logDir: settings.logDir,
    env: {
      KAFKA_BROKERS: settings.brokers.join(','), PORT: String(settings.port), FEED_BASE_URL: feedsUrl,
      AGGREGATOR_EDITORS_KEY: settings.editorsKey, PROVISION_TOPICS: 'false', LOG_LEVEL: settings.logLevel,
    },
    readyUrl: `${apiUrl}/readyz`,
  });
  shutdown.register('aggregator', () => aggregator.stop(), 'draining');
  // The development key is printed so the push API can be tried at once; a real one never is.
  const key = settings.editorsKey === DEV_EDITORS_KEY ? settings.editorsKey : '<AGGREGATOR_EDITORS_KEY>';
  return [
    `  push API          ${apiUrl}/v1/content   (Authorization: Bearer ${key}; GET /v1/sources: feed health)`,
    `  demo feeds        ${feedsUrl}   (polled by the aggregator into content.v1)`,
  ];
}
