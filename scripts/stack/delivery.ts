// Delivery in the local stack: one node (the WebSocket push to devices and the lock-screen demo
// page). Its dev token endpoint is on here, for the demo users only, so the page can sign in;
// beacon and clicks-tracker allow the page's origin (CORS_ORIGINS, see device-apps.ts).
import { fileURLToPath } from 'node:url';
import type { StackSettings } from './config.js';
import type { DemoUser } from './demo-users.js';
import { beaconUrl, clicksUrl, deliveryUrl } from './addresses.js';
import { line } from './roster.js';
import type { StackPart } from './roster.js';
import type { Supervisor } from './supervisor.js';

const appDir = fileURLToPath(new URL('../../apps/delivery/', import.meta.url));

export interface DeliverySettings {
  readonly stack: StackSettings;
  readonly brokers: readonly string[];
  readonly redisUrl: string;
  readonly users: readonly DemoUser[];
}

export async function startDelivery(settings: DeliverySettings, supervisor: Supervisor): Promise<StackPart> {
  const { stack } = settings;
  const url = deliveryUrl(stack);
  await supervisor.start({
    name: 'delivery', stage: 'processors', cwd: appDir, run: { tsx: 'src/main.ts' },
    env: {
      PORT: String(stack.DELIVERY_PORT), NODE_ID: 'local-1', KAFKA_BROKERS: settings.brokers.join(','), REDIS_URL: settings.redisUrl,
      JWT_HS256_SECRET: stack.DEVICE_JWT_SECRET, PROVISION_TOPICS: 'false', LOG_LEVEL: stack.LOG_LEVEL,
      DEMO_TOKEN_USERS: settings.users.map((u) => `${u.userId}:${u.deviceId}`).join(','),
      DEMO_BEACON_URL: beaconUrl(stack), DEMO_CLICKS_URL: clicksUrl(stack),
      // One local node: Ctrl-C need not pace its sockets' reconnects.
      DRAIN_PERIOD: '500ms',
    },
    ready: { url: `${url}/readyz` },
  });
  return {
    roster: [{ name: 'delivery', status: 'running', note: `recommendations.v2 + content.v1 takedowns -> WebSocket ${url.replace('http', 'ws')}/v1/socket (metrics ${url}/metrics)` }],
    lines: [
      line('demo page', `${url}/demo/   (lock screen of a demo user: card, tap/like/dismiss, unlock)`),
      line('delivery', `${url.replace('http', 'ws')}/v1/socket   (device JWT; GET ${url}/v1/feed; /metrics)`),
    ],
  };
}
