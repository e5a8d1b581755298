// POST /v1/content and DELETE /v1/content/:id for in-house publishers, plus GET /v1/sources
// (feed health for operators). Authentication runs in onRequest, before the body is read, so a
// request with a bad key is refused without parsing what it sent.
import { Value } from '@sinclair/typebox/value';
import { structureIssues } from '@tessera/contracts/untrusted';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ItemOutcome } from '../pipeline.js';
import { schemaIssues } from '../schema-issues.js';
import type { Publisher } from '../sources/config-schema.js';
import type { SourceHealth } from '../sources/health.js';
import type { RawItem, SourceContext } from '../sources/raw-item.js';
import type { Authenticate } from './auth.js';
import { ContentIdParam, PushBodySchema, instantMs } from './body-schema.js';
import type { PushBody } from './body-schema.js';
import { sendError } from './http-errors.js';

export interface PushRoutesDeps {
  readonly authenticate: Authenticate;
  readonly ingest: (source: SourceContext, raw: RawItem) => Promise<ItemOutcome>;
  readonly takedown: (contentId: string) => Promise<{ status: 'removed' | 'already_removed' | 'not_found' }>;
  readonly sourcesHealth?: () => readonly SourceHealth[];
}

const MAX_ISSUES = 20;
const publishers = new WeakMap<FastifyRequest, Publisher>();

export async function pushRoutes(app: FastifyInstance, deps: PushRoutesDeps): Promise<void> {
  app.addHook('onRequest', async (request, reply) => {
    const publisher = deps.authenticate(request.headers.authorization);
    if (!publisher) return sendError(reply, 'unauthorized', 'missing or unknown API key (send "Authorization: Bearer <key>")');
    publishers.set(request, publisher);
  });

  app.post('/v1/content', async (request, reply) => {
    const publisher = publishers.get(request);
    if (!publisher) return sendError(reply, 'unauthorized', 'missing or unknown API key');
    const body = request.body;
    // The contract's structural bounds first: nesting depth and unpaired surrogates (text that
    // has no UTF-8 form and that the warehouse could not load), anywhere in the body.
    const structural = structureIssues(body).map(({ path, message }) => ({ path, message }));
    const issues = structural.length > 0 ? structural
      : !Value.Check(PushBodySchema, body) ? schemaIssues(PushBodySchema, body, MAX_ISSUES)
        : instantIssues(body);
    if (issues.length > 0) {
      return sendError(reply, 'invalid_body', `the body is not a valid content item: ${issues[0]?.path} ${issues[0]?.message}`, { issues });
    }
    const item = body as PushBody;
    const { source, raw } = toRawItem(publisher, item);
    const outcome = await deps.ingest(source, raw);
    switch (outcome.status) {
      case 'published':
      case 'unchanged':
        return reply.code(200).send({ contentId: outcome.contentId, storyId: outcome.storyId, status: outcome.status });
      case 'rejected':
        return sendError(reply, 'item_rejected', outcome.error.message, { reason: outcome.error.code });
      case 'failed':
        return sendError(reply, 'publish_failed', 'content.v1 did not acknowledge the item; retry the same request');
      case 'duplicate': // pushes take over a feed's copy, so this is unreachable for a push
        return sendError(reply, 'item_rejected', `owned by ${outcome.ownerSourceId}`, { reason: 'item_owned_elsewhere' });
    }
  });

  app.delete<{ Params: { id: string } }>('/v1/content/:id', async (request, reply) => {
    const { id } = request.params;
    if (!ContentIdParam.test(id)) return sendError(reply, 'invalid_content_id', `"${id}" is not a content id (c- followed by 32 hex digits)`);
    let result: Awaited<ReturnType<PushRoutesDeps['takedown']>>;
    try {
      result = await deps.takedown(id);
    } catch {
      return sendError(reply, 'publish_failed', 'the tombstone was not acknowledged; retry the same request');
    }
    if (result.status === 'not_found') return sendError(reply, 'content_not_found', `no item ${id} on content.v1`);
    return reply.code(200).send({ contentId: id, status: result.status });
  });

  app.get('/v1/sources', async () => ({ sources: deps.sourcesHealth?.() ?? [] }));
}

/** Instants the schema's pattern lets through that name no real date or time (February 30, 25:61). */
function instantIssues(body: PushBody): { path: string; message: string }[] {
  return (['publishedAt', 'expiresAt'] as const)
    .filter((field) => body[field] !== undefined && instantMs(body[field]) === undefined)
    .map((field) => ({ path: `/${field}`, message: 'is not a real date and time (ISO 8601 with offset, or epoch ms)' }));
}

function toRawItem(publisher: Publisher, body: PushBody): { source: SourceContext; raw: RawItem } {
  const source: SourceContext = {
    sourceId: publisher.id,
    name: publisher.name,
    via: 'push',
    regions: publisher.regions,
    categories: [],
    ...(publisher.kind ? { kind: publisher.kind } : {}),
    ...(body.languages ? { languages: body.languages } : {}),
  };
  const publishedAt = body.publishedAt === undefined ? undefined : instantMs(body.publishedAt);
  const expiresAt = body.expiresAt === undefined ? undefined : instantMs(body.expiresAt);
  const raw: RawItem = {
    url: body.url,
    title: body.title,
    categories: body.categories ?? [],
    ...(body.summary ? { summary: body.summary } : {}),
    ...(body.imageUrl ? { imageUrl: body.imageUrl } : {}),
    ...(body.kind ? { kind: body.kind } : {}),
    ...(body.regions ? { regions: body.regions.map((r) => r.toUpperCase()) } : {}),
    ...(body.priority ? { priority: body.priority } : {}),
    ...(publishedAt !== undefined ? { publishedAt } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  };
  return { source, raw };
}
