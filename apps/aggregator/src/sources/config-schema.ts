// The shape of the sources file (which feeds to poll, which publishers may push), as a TypeBox
// schema so a bad file is rejected at start with every problem and its path, not at first poll.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { CONTENT_KINDS } from '../content-contract.js';

const Slug = (description: string) =>
  Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', minLength: 1, maxLength: 64, description });

const Kind = Type.Union(CONTENT_KINDS.map((k) => Type.Literal(k)), { description: 'Default card kind' });
const Region = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' });
const LanguageTag = Type.String({ pattern: '^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$', description: 'BCP 47 tag' });

const PollSettings = {
  pollIntervalSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 86_400 })),
  timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 120_000 })),
  maxBackoffSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 86_400 })),
};

export const FeedSourceSchema = Type.Object(
  {
    id: Slug('Source id: stable, used in contentIds of nothing but in health and logs'),
    name: Type.String({ minLength: 1, maxLength: 120, description: 'Publisher name shown on cards' }),
    url: Type.String({ minLength: 1, maxLength: 2048, description: 'Feed URL, absolute or relative to baseUrl' }),
    kind: Type.Optional(Kind),
    languages: Type.Optional(Type.Array(LanguageTag, { minItems: 1, maxItems: 8, description: 'Overrides the feed and detection' })),
    regions: Type.Optional(Type.Array(Region, { maxItems: 250 })),
    categories: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 48 }), { maxItems: 16 })),
    priority: Type.Optional(Type.Union([Type.Literal('normal'), Type.Literal('high'), Type.Literal('breaking')])),
    enabled: Type.Optional(Type.Boolean()),
    ...PollSettings,
  },
  { additionalProperties: false },
);

export const PublisherSchema = Type.Object(
  {
    id: Slug('Publisher id; becomes source.sourceId of pushed items'),
    name: Type.String({ minLength: 1, maxLength: 120 }),
    apiKeyEnv: Type.String({ pattern: '^[A-Z][A-Z0-9_]*$', description: 'Environment variable holding the API key' }),
    kind: Type.Optional(Kind),
    regions: Type.Optional(Type.Array(Region, { maxItems: 250 })),
  },
  { additionalProperties: false },
);

export const SourcesFileSchema = Type.Object(
  {
    baseUrl: Type.Optional(Type.String({ pattern: '^https?://', description: 'Relative source URLs resolve against it' })),
    defaults: Type.Optional(Type.Object(PollSettings, { additionalProperties: false })),
    sources: Type.Array(FeedSourceSchema, { maxItems: 10_000 }),
    publishers: Type.Optional(Type.Array(PublisherSchema, { maxItems: 1_000 })),
  },
  { additionalProperties: false },
);
export type SourcesFile = Static<typeof SourcesFileSchema>;

/** A feed source after loading: URL resolved, defaults applied. */
export interface FeedSource {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly kind?: Static<typeof Kind>;
  readonly languages?: readonly string[];
  readonly regions: readonly string[];
  readonly categories: readonly string[];
  readonly priority?: 'normal' | 'high' | 'breaking';
  readonly pollIntervalMs: number;
  readonly timeoutMs: number;
  readonly maxBackoffMs: number;
}

/** A push client after loading: the key itself is read from the environment, never from the file. */
export interface Publisher {
  readonly id: string;
  readonly name: string;
  readonly apiKey: string;
  readonly kind?: Static<typeof Kind>;
  readonly regions: readonly string[];
}

export interface SourcesConfig {
  readonly sources: readonly FeedSource[];
  readonly publishers: readonly Publisher[];
}
