// The device-facing apps in the local stack: beacon and clicks-tracker, each as its HTTP role
// (a source of data: stops first) and its enricher role (a processor: stops after the sources),
// and the users-table app (users.v1 -> Redis) whose table both enrichers join.
import { fileURLToPath } from 'node:url';
import type { StackSettings } from './config.js';
import { beaconUrl, clicksUrl, demoPageOrigins } from './addresses.js';
import { line } from './roster.js';
import type { StackPart } from './roster.js';
import type { ChildSpec, Supervisor } from './supervisor.js';

const appDir = (name: string) => fileURLToPath(new URL(`../../apps/${name}/`, import.meta.url));

export interface DeviceAppsSettings {
  readonly stack: StackSettings;
  readonly brokers: readonly string[];
  readonly redisUrl: string;
}

export async function startDeviceApps(settings: DeviceAppsSettings, supervisor: Supervisor): Promise<StackPart> {
  const { stack } = settings;
  const common = {
    KAFKA_BROKERS: settings.brokers.join(','), REDIS_URL: settings.redisUrl, JWT_HS256_SECRET: stack.DEVICE_JWT_SECRET,
    PROVISION_TOPICS: 'false', LOG_LEVEL: stack.LOG_LEVEL,
  };
  const role = (name: string, app: string, entry: string, stage: ChildSpec['stage'], port: number): ChildSpec => ({
    name, stage, cwd: appDir(app), run: { tsx: entry },
    // The HTTP roles allow the demo page (served by delivery) to post from the browser.
    env: { ...common, ...(stage === 'sources' ? { PORT: String(port), CORS_ORIGINS: demoPageOrigins(stack).join(',') } : { OPS_PORT: String(port) }) },
    ready: { url: `http://127.0.0.1:${port}/readyz` },
  });
  await Promise.all([
    supervisor.start(role('users-table', 'users-table', 'src/main.ts', 'processors', stack.USERS_TABLE_PORT)),
    supervisor.start(role('beacon-enricher', 'beacon', 'src/enricher-main.ts', 'processors', stack.BEACON_ENRICHER_PORT)),
    supervisor.start(role('clicks-enricher', 'clicks-tracker', 'src/enricher-main.ts', 'processors', stack.CLICKS_ENRICHER_PORT)),
  ]);
  await Promise.all([
    supervisor.start(role('beacon', 'beacon', 'src/main.ts', 'sources', stack.BEACON_PORT)),
    supervisor.start(role('clicks-tracker', 'clicks-tracker', 'src/main.ts', 'sources', stack.CLICKS_PORT)),
  ]);
  const enricherMetrics = (port: number) => `enricher metrics http://127.0.0.1:${port}/metrics`;
  return {
    roster: [
      { name: 'users-table', status: 'running', note: `users.v1 -> the users table in Redis (metrics http://127.0.0.1:${stack.USERS_TABLE_PORT}/metrics)` },
      { name: 'beacon', status: 'running', note: `HTTP -> beacons.v1; enricher -> beacons.enriched.v1 (${enricherMetrics(stack.BEACON_ENRICHER_PORT)})` },
      { name: 'clicks-tracker', status: 'running', note: `HTTP -> interactions.v1; enricher -> interactions.enriched.v1 (${enricherMetrics(stack.CLICKS_ENRICHER_PORT)})` },
    ],
    lines: [
      line('beacon', `${beaconUrl(stack)}/v1/beacons   (device JWT; /metrics)`),
      line('clicks-tracker', `${clicksUrl(stack)}/v1/interactions   (device JWT; /metrics)`),
    ],
  };
}
