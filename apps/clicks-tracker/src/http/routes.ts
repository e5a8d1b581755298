// POST /v1/interactions: authenticated (device JWT, onRequest), rate-limited per device
// (preParsing), then each event judged on its own. Valid events are stamped with receivedAt and
// published; 202 only after Kafka acknowledged them, with the refused events listed by index.
// Events claiming another user or device than the token refuse the whole request (403): that
// is an authorization failure, not a malformed event.
import type { FastifyInstance } from 'fastify';
import { deviceOf } from '@tessera/device-auth/fastify';
import { within } from '@tessera/device-ingest/deadline';
import type { Interaction } from '@tessera/contracts/schemas/interaction';
import type { TrackerMetrics } from '../metrics.js';
import { parseInteractionBatch } from './body.js';
import { sendError } from './errors.js';

export type PublishInteractions = (events: readonly Interaction[]) => Promise<void>;

export interface InteractionRoutesDeps {
  readonly publish: PublishInteractions;
  readonly metrics: TrackerMetrics;
  readonly maxBatch: number;
  /** Longest wait for Kafka's acknowledgement before answering 503. */
  readonly publishTimeoutMs: number;
  readonly now?: () => number;
}

export async function interactionRoutes(app: FastifyInstance, deps: InteractionRoutesDeps): Promise<void> {
  const now = deps.now ?? Date.now;
  app.post('/v1/interactions', async (request, reply) => {
    const reject = (code: Parameters<typeof sendError>[1], message: string, extra?: Parameters<typeof sendError>[3]) => {
      deps.metrics.rejectedRequests.inc({ code });
      return sendError(reply, code, message, extra);
    };
    const device = deviceOf(request);
    const receivedAt = now();
    const parsed = parseInteractionBatch(request.body, deps.maxBatch, receivedAt);
    if (!parsed.ok) return reject(parsed.code, parsed.message);

    const otherUser = parsed.valid.find((v) => v.event.userId !== device.userId);
    if (otherUser) return reject('user_mismatch', `event ${otherUser.index} claims another user than the token's subject`);
    const otherDevice = parsed.valid.find((v) => v.event.deviceId !== device.deviceId);
    if (otherDevice) return reject('device_mismatch', `event ${otherDevice.index} claims another device than the token's`);

    for (const r of parsed.rejected) deps.metrics.rejectedEvents.inc({ code: r.code });
    if (parsed.valid.length === 0) return reject('no_valid_events', 'no event of the batch is valid', { rejected: parsed.rejected });

    const events: Interaction[] = parsed.valid.map((v) => ({ ...v.event, receivedAt }));
    try {
      await within(deps.publish(events), deps.publishTimeoutMs);
    } catch (error) {
      request.log.warn({ err: error }, 'interactions not acknowledged by Kafka');
      return reject('kafka_unavailable', 'the events were not stored; retry the same request (same eventIds)');
    }
    for (const e of events) deps.metrics.accepted.inc({ type: e.type });
    return reply.code(202).send({ accepted: events.length, rejected: parsed.rejected });
  });
}
