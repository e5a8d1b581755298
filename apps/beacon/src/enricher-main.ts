// Enricher role: load config, then run the device-ingest enricher process (clients, /metrics and
// probes, SIGTERM) with what is beacon's own: its topics and the beacon-enricher consumer (the
// users table it joins is materialized by the users-table app; the active registry is beacon's).
import { serveEnricherProcess } from '@tessera/device-ingest/serve-enricher';
import { loadConfigOrExit } from '@tessera/platform/config';
import { kafkaSettingsOrExit } from '@tessera/streams/kafka-config';
import { ConfigSchema } from './config.js';
import { startBeaconEnricher } from './enricher/start.js';

const config = loadConfigOrExit(ConfigSchema);
await serveEnricherProcess({
  name: 'beacon-enricher', topics: ['beacons.v1', 'beacons.enriched.v1', 'dlq.v1'],
  schema: ConfigSchema, config, kafka: kafkaSettingsOrExit(config, 'beacon-enricher'),
  start: (clients) => startBeaconEnricher({
    ...clients, groupId: config.ENRICHER_GROUP, activeWindowMs: config.ACTIVE_WINDOW, dedupWindowMs: config.DEDUP_WINDOW,
  }),
});
