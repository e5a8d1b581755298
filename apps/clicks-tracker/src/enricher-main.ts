// Enricher role: load config, then run the device-ingest enricher process (clients, /metrics and
// probes, SIGTERM) with what is clicks-tracker's own: its topics and the interactions-enricher
// consumer (the users table it joins is materialized by the users-table app).
import { serveEnricherProcess } from '@tessera/device-ingest/serve-enricher';
import { loadConfigOrExit } from '@tessera/platform/config';
import { kafkaSettingsOrExit } from '@tessera/streams/kafka-config';
import { ConfigSchema } from './config.js';
import { startInteractionEnricher } from './enricher/start.js';

const config = loadConfigOrExit(ConfigSchema);
await serveEnricherProcess({
  name: 'clicks-enricher', topics: ['interactions.v1', 'interactions.enriched.v1', 'dlq.v1'],
  schema: ConfigSchema, config, kafka: kafkaSettingsOrExit(config, 'clicks-enricher'),
  start: (clients) => startInteractionEnricher({ ...clients, groupId: config.ENRICHER_GROUP, dedupWindowMs: config.DEDUP_WINDOW }),
});
