// POST /v1/beacons: authenticated (device JWT, onRequest), rate-limited per device (preParsing),
// then validated, stamped with receivedAt and published. 202 only after `publish` resolved,
// i.e. Kafka acknowledged every beacon (acks=-1, idempotent producer); any failure to publish
// is a retriable 503 so the phone sends the same beacons again (same eventIds).
import type { FastifyInstance } from 'fastify';
import { deviceOf } from '@tessera/device-auth/fastify';
import { within } from '@tessera/device-ingest/deadline';
import { sendIngestError } from '@tessera/device-ingest/errors';
import type { IngestErrorCode, Issue } from '@tessera/device-ingest/errors';
import type { Beacon } from '@tessera/contracts/schemas/beacon';
import type { BeaconMetrics } from '../metrics.js';
import { parseBeaconBody } from './body.js';

export type PublishBeacons = (beacons: readonly Beacon[]) => Promise<void>;

export interface BeaconRoutesDeps {
  readonly publish: PublishBeacons;
  readonly metrics: BeaconMetrics;
  readonly maxBatch: number;
  /** Longest wait for Kafka's acknowledgement before answering 503. */
  readonly publishTimeoutMs: number;
  readonly now?: () => number;
}

export async function beaconRoutes(app: FastifyInstance, deps: BeaconRoutesDeps): Promise<void> {
  const now = deps.now ?? Date.now;
  app.post('/v1/beacons', async (request, reply) => {
    const reject = (code: IngestErrorCode, message: string, issues?: readonly Issue[]) => {
      deps.metrics.rejected.inc({ code });
      return sendIngestError(reply, code, message, issues ? { issues } : {});
    };
    const device = deviceOf(request);
    const receivedAt = now();
    const parsed = parseBeaconBody(request.body, deps.maxBatch, receivedAt);
    if (!parsed.ok) return reject(parsed.code, parsed.message, parsed.issues);

    const otherUser = parsed.beacons.findIndex((b) => b.userId !== device.userId);
    if (otherUser >= 0) return reject('user_mismatch', `beacon ${otherUser} claims another user than the token's subject`);
    const otherDevice = parsed.beacons.findIndex((b) => b.deviceId !== device.deviceId);
    if (otherDevice >= 0) return reject('device_mismatch', `beacon ${otherDevice} claims another device than the token's`);

    const beacons: Beacon[] = parsed.beacons.map((b) => ({ ...b, receivedAt }));
    try {
      await within(deps.publish(beacons), deps.publishTimeoutMs);
    } catch (error) {
      request.log.warn({ err: error }, 'beacons not acknowledged by Kafka');
      return reject('kafka_unavailable', 'the beacons were not stored; retry the same request');
    }
    deps.metrics.accepted.inc(beacons.length);
    return reply.code(202).send({ accepted: beacons.length, eventIds: beacons.map((b) => b.eventId) });
  });
}
