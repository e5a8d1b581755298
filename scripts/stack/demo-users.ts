// The demo users of the local stack: seeded into Postgres (so users-cdc publishes them on
// users.v1 and the enrichers can join their profiles) and played by the simulated devices.
// One list for both, so every simulated device belongs to a user the users table knows.
export interface DemoUser {
  readonly userId: string;
  readonly deviceId: string;
  readonly email: string;
  readonly ageBand: string;
  readonly country: string;
  readonly region?: string;
  readonly languages: readonly string[];
  readonly interests: readonly string[];
  readonly timeZone: string;
  /** Device side: locale and platform its beacons report. */
  readonly locale: string;
  readonly platform: 'ios' | 'android';
}

export const DEMO_USERS: readonly DemoUser[] = [
  { userId: 'demo-ana', deviceId: 'dev-ana-1', email: 'ana@example.test', ageBand: '25-34', country: 'PT', region: 'PT-11', languages: ['pt-PT', 'en'], interests: ['football', 'science'], timeZone: 'Europe/Lisbon', locale: 'pt-PT', platform: 'android' },
  { userId: 'demo-ben', deviceId: 'dev-ben-1', email: 'ben@example.test', ageBand: '35-44', country: 'GB', languages: ['en'], interests: ['business', 'tennis'], timeZone: 'Europe/London', locale: 'en-GB', platform: 'ios' },
  { userId: 'demo-chen', deviceId: 'dev-chen-1', email: 'chen@example.test', ageBand: '18-24', country: 'DE', region: 'DE-BE', languages: ['de', 'en'], interests: ['games', 'technology'], timeZone: 'Europe/Berlin', locale: 'de-DE', platform: 'android' },
  { userId: 'demo-dara', deviceId: 'dev-dara-1', email: 'dara@example.test', ageBand: '45-54', country: 'US', region: 'US-CA', languages: ['en', 'es'], interests: ['politics', 'cooking'], timeZone: 'America/Los_Angeles', locale: 'en-US', platform: 'ios' },
  { userId: 'demo-eli', deviceId: 'dev-eli-1', email: 'eli@example.test', ageBand: '55-64', country: 'FR', languages: ['fr'], interests: ['history', 'cycling'], timeZone: 'Europe/Paris', locale: 'fr-FR', platform: 'android' },
  { userId: 'demo-fay', deviceId: 'dev-fay-1', email: 'fay@example.test', ageBand: '13-17', country: 'IE', languages: ['en', 'ga'], interests: ['music', 'fun-facts'], timeZone: 'Europe/Dublin', locale: 'en-IE', platform: 'ios' },
];
