// HTTP role: load config, then run the device-ingest process (clients, app, listen, SIGTERM) with
// what is beacon's own: its topic, rate-limit namespace and app builder.
import { serveIngestProcess } from '@tessera/device-ingest/serve';
import { loadConfigOrExit } from '@tessera/platform/config';
import { buildBeaconApp } from './app.js';
import { kafkaSettingsOrExit } from '@tessera/streams/kafka-config';
import { ConfigSchema } from './config.js';

const config = loadConfigOrExit(ConfigSchema);
await serveIngestProcess({
  name: 'beacon', topic: 'beacons.v1', rateLimitNamespace: 'rl:beacon:',
  schema: ConfigSchema, config, kafka: kafkaSettingsOrExit(config, 'beacon'),
  build: buildBeaconApp,
});
