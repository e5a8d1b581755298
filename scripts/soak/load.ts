// The soak's load: an open-loop, bounded mix of what the stack sees in production, sent over HTTP
// like phones and editors do. Per second: beacons, batches of interactions (some batches repeat
// an event their user sent before, the way a phone retries after a lost response), push-API items
// and feed reads from delivery's REST fallback. Each kind fires on a fixed rate; a request that
// would exceed the in-flight cap is skipped and counted, so a slow stack never makes the load pile
// up. The ledger records what was accepted: the events and items that must come out downstream
// exactly once.
import { v7 as uuidv7 } from 'uuid';
import { signDeviceToken } from '@tessera/device-auth/test-tokens';
import { DEMO_USERS } from '../stack/demo-users.js';

export interface LoadSettings {
  readonly beaconUrl: string;
  readonly clicksUrl: string;
  readonly pushUrl: string;
  readonly pushKey: string;
  readonly deliveryUrl: string;
  readonly deviceSecret: string;
  /** Distinct phones (the six demo users, then made-up ones); spreads the per-device rate limits. */
  readonly users: number;
  readonly beaconsPerSec: number;
  readonly batchesPerSec: number;
  readonly eventsPerBatch: number;
  /** Share of batches that carry one event of their user's previous accepted batch again. */
  readonly duplicateShare: number;
  readonly pushPerSec: number;
  readonly feedReadsPerSec: number;
  readonly maxInFlight: number;
}

export interface Ledger {
  /** eventIds answered 202 (a duplicate is accepted again by HTTP, and stored once here). */
  readonly beacons: Set<string>;
  readonly interactions: Set<string>;
  /** contentIds the push API answered `published`. */
  readonly content: Set<string>;
  /** Events sent a second time with an eventId already accepted. */
  duplicatesSent: number;
  feedReads: number;
  /** Requests not sent because maxInFlight were in flight. */
  skipped: number;
  /** `<path> <status>` (or `<path> failed`) of every answer that was not the expected success. */
  readonly refused: Map<string, number>;
}

export interface Load {
  readonly ledger: Ledger;
  /** Stops firing and waits for the requests in flight. */
  stop(): Promise<void>;
}

interface Phone {
  readonly userId: string;
  readonly deviceId: string;
  readonly token: string;
  readonly locale: string;
  readonly country: string;
  readonly timeZone: string;
  readonly platform: 'ios' | 'android';
  /** One event of this phone's last accepted batch: what a retry would send again. */
  lastEvent?: object;
}

const TICK_MS = 100;
const REQUEST_TIMEOUT_MS = 15_000;
const RECENT_CONTENT = 200;

export async function startLoad(settings: LoadSettings): Promise<Load> {
  const phones = await makePhones(settings);
  const ledger: Ledger = { beacons: new Set(), interactions: new Set(), content: new Set(), duplicatesSent: 0, feedReads: 0, skipped: 0, refused: new Map() };
  const recentContent: string[] = [];
  const inFlight = new Set<Promise<void>>();
  const credit = { beacon: 0, batch: 0, push: 0, feed: 0 };
  let pushSeq = 0;
  let last = Date.now();

  const fire = (send: () => Promise<void>) => {
    if (inFlight.size >= settings.maxInFlight) {
      ledger.skipped += 1;
      return;
    }
    const request = send().catch(() => undefined).finally(() => inFlight.delete(request));
    inFlight.add(request);
  };
  const refuse = (what: string) => ledger.refused.set(what, (ledger.refused.get(what) ?? 0) + 1);
  const pick = () => phones[Math.floor(Math.random() * phones.length)] as Phone;

  async function post(url: string, token: string, body: unknown, path: string): Promise<{ status: number; json: unknown } | undefined> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : undefined };
    } catch {
      refuse(`${path} failed`);
      return undefined;
    }
  }

  async function sendBeacon(): Promise<void> {
    const phone = pick();
    const eventId = uuidv7();
    const body = {
      eventId, occurredAt: Date.now(), userId: phone.userId, deviceId: phone.deviceId, appState: 'locked', screenOn: true,
      locale: phone.locale, country: phone.country, timeZone: phone.timeZone, platform: phone.platform, appVersion: '3.4.0',
    };
    const answer = await post(`${settings.beaconUrl}/v1/beacons`, phone.token, body, '/v1/beacons');
    if (answer?.status === 202) ledger.beacons.add(eventId);
    else if (answer) refuse(`/v1/beacons ${answer.status}`);
  }

  async function sendBatch(): Promise<void> {
    if (recentContent.length === 0) return;
    const phone = pick();
    const feedId = uuidv7();
    const now = Date.now();
    const events: Record<string, unknown>[] = Array.from({ length: settings.eventsPerBatch }, (_, position) => {
      const contentId = recentContent[Math.floor(Math.random() * recentContent.length)];
      const base = { eventId: uuidv7(), occurredAt: now, userId: phone.userId, deviceId: phone.deviceId, feedId, surface: 'lock_screen', contentId, position };
      return Math.random() < 0.2 ? { ...base, type: 'click' } : { ...base, type: 'impression', onScreenMs: 300 + Math.floor(Math.random() * 4_000) };
    });
    const repeat = phone.lastEvent && Math.random() < settings.duplicateShare ? phone.lastEvent : undefined;
    if (repeat) events.push(repeat as Record<string, unknown>);
    const answer = await post(`${settings.clicksUrl}/v1/interactions`, phone.token, { events }, '/v1/interactions');
    if (answer?.status !== 202) {
      if (answer) refuse(`/v1/interactions ${answer.status}`);
      return;
    }
    const rejected = new Set(((answer.json as { rejected?: { index: number }[] }).rejected ?? []).map((r) => r.index));
    if (rejected.size > 0) refuse(`/v1/interactions event rejected`);
    events.forEach((event, index) => {
      if (rejected.has(index)) return;
      if (event === repeat) ledger.duplicatesSent += 1;
      else ledger.interactions.add(event.eventId as string);
    });
    const kept = events.find((event, index) => event !== repeat && !rejected.has(index));
    if (kept) phone.lastEvent = kept;
  }

  async function sendPushItem(): Promise<void> {
    pushSeq += 1;
    const n = `${Date.now().toString(36)}-${pushSeq}`;
    const body = {
      url: `https://soak.example.test/stories/${n}`,
      title: `Soak story ${n}: ${WORDS[pushSeq % WORDS.length]} ${WORDS[(pushSeq * 7) % WORDS.length]} ${WORDS[(pushSeq * 13) % WORDS.length]}`,
      summary: `A generated story number ${pushSeq} about ${WORDS[(pushSeq * 3) % WORDS.length]} for the soak test.`,
      languages: ['en'],
    };
    const answer = await post(`${settings.pushUrl}/v1/content`, settings.pushKey, body, '/v1/content');
    const result = answer?.json as { contentId?: string; status?: string } | undefined;
    if (answer?.status === 200 && result?.status === 'published' && result.contentId) {
      ledger.content.add(result.contentId);
      recentContent.push(result.contentId);
      if (recentContent.length > RECENT_CONTENT) recentContent.shift();
    } else if (answer) {
      refuse(`/v1/content ${answer.status}${result?.status ? ` ${result.status}` : ''}`);
    }
  }

  async function readFeed(): Promise<void> {
    const phone = pick();
    try {
      const response = await fetch(`${settings.deliveryUrl}/v1/feed`, { headers: { authorization: `Bearer ${phone.token}` }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      await response.text();
      if (response.status === 200) ledger.feedReads += 1;
      else refuse(`/v1/feed ${response.status}`);
    } catch {
      refuse('/v1/feed failed');
    }
  }

  // Content first: interactions need content ids to point at.
  await sendPushItem();
  const timer = setInterval(() => {
    const now = Date.now();
    const seconds = (now - last) / 1000;
    last = now;
    const due = (kind: keyof typeof credit, rate: number, send: () => Promise<void>) => {
      credit[kind] += rate * seconds;
      while (credit[kind] >= 1) {
        credit[kind] -= 1;
        fire(send);
      }
    };
    due('beacon', settings.beaconsPerSec, sendBeacon);
    due('batch', settings.batchesPerSec, sendBatch);
    due('push', settings.pushPerSec, sendPushItem);
    due('feed', settings.feedReadsPerSec, readFeed);
  }, TICK_MS);

  return {
    ledger,
    async stop() {
      clearInterval(timer);
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

async function makePhones(settings: LoadSettings): Promise<Phone[]> {
  const phones: Phone[] = [];
  for (let i = 0; i < settings.users; i += 1) {
    const demo = DEMO_USERS[i];
    const like = DEMO_USERS[i % DEMO_USERS.length]!;
    const userId = demo?.userId ?? `soak-user-${i}`;
    const deviceId = demo?.deviceId ?? `soak-device-${i}`;
    // Longer than any soak: a token is signed once per phone.
    const token = await signDeviceToken(settings.deviceSecret, { userId, deviceId, expiresInSec: 24 * 3_600 });
    phones.push({ userId, deviceId, token, locale: like.locale, country: like.country, timeZone: like.timeZone, platform: like.platform });
  }
  return phones;
}

const WORDS = ['harbour', 'league', 'comet', 'election', 'recipe', 'violin', 'glacier', 'market', 'robot', 'festival', 'bridge', 'marathon', 'volcano', 'library', 'satellite', 'orchard', 'derby', 'lantern', 'puzzle', 'canyon'];
