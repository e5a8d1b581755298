import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createReloadableConfig, loadSourcesFile, parseSourcesConfig } from './config-load.js';
import type { SourcesConfig } from './config-schema.js';

const KEY = 'k'.repeat(24);
const demoPath = fileURLToPath(new URL('../../demo/sources.json', import.meta.url));

describe('loadSourcesFile', () => {
  it('loads the demo file, resolving feed URLs against the given base and applying defaults', async () => {
    const result = await loadSourcesFile(demoPath, { env: { AGGREGATOR_EDITORS_KEY: KEY }, baseUrl: 'http://127.0.0.1:9999/feeds/' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const ledger = result.value.sources.find((s) => s.id === 'harbour-ledger');
    expect(ledger).toMatchObject({ url: 'http://127.0.0.1:9999/feeds/harbour-ledger.rss', pollIntervalMs: 60_000, timeoutMs: 5000, regions: ['GB', 'IE'] });
    expect(result.value.publishers).toEqual([{ id: 'tessera-editors', name: 'Tessera Editors', apiKey: KEY, kind: 'news', regions: [] }]);
    expect(Object.isFrozen(result.value)).toBe(true);
  });

  it('names a missing file', async () => {
    const result = await loadSourcesFile('/nonexistent/sources.json', { env: {} });
    expect(result.ok ? undefined : result.error.code).toBe('config_unreadable');
  });
});

describe('parseSourcesConfig', () => {
  const parse = (file: unknown, env: Record<string, string> = {}) => parseSourcesConfig(JSON.stringify(file), 'sources.json', { env });

  it('lists every problem with its path', () => {
    const result = parse({
      sources: [
        { id: 'a', name: 'A', url: 'feeds/a.rss' },
        { id: 'a', name: 'A2', url: 'https://a.example/feed' },
        { id: 'b', name: 'B', url: 'ftp://b.example/feed' },
      ],
      publishers: [{ id: 'ed', name: 'Editors', apiKeyEnv: 'ED_KEY' }, { id: 'short', name: 'S', apiKeyEnv: 'SHORT_KEY' }],
    }, { SHORT_KEY: 'abc' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('config_invalid');
    expect(result.error.issues).toEqual([
      '/sources/0/url: "feeds/a.rss" is not an absolute URL and no baseUrl is set',
      '/sources/1/id: duplicate source id "a"',
      '/sources/2/url: only http and https feeds are polled',
      '/publishers/0/apiKeyEnv: environment variable ED_KEY is not set',
      '/publishers/1/apiKeyEnv: SHORT_KEY must hold at least 16 characters',
    ]);
  });

  it('rejects unknown fields and bad values through the schema', () => {
    const result = parse({ sources: [{ id: 'a', name: 'A', url: 'https://a.example/f', pollEvery: 5, kind: 'podcast' }] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.issues.some((i) => i.startsWith('/sources/0/kind'))).toBe(true);
    expect(result.error.issues.some((i) => i.startsWith('/sources/0/pollEvery'))).toBe(true);
  });

  it('reports JSON syntax errors', () => {
    const result = parseSourcesConfig('{ "sources": [ }', 'sources.json', { env: {} });
    expect(result.ok ? undefined : result.error.message).toMatch(/^sources config sources\.json: not valid JSON/);
  });

  it('leaves disabled sources out', () => {
    const result = parse({ sources: [{ id: 'a', name: 'A', url: 'https://a.example/f', enabled: false }] });
    expect(result.ok && result.value.sources).toEqual([]);
  });
});

describe('createReloadableConfig', () => {
  it('swaps the configuration on a good reload and keeps it on a bad one', async () => {
    const first: SourcesConfig = { sources: [], publishers: [] };
    const texts = [
      JSON.stringify({ sources: [{ id: 'a', name: 'A', url: 'https://a.example/f' }] }),
      '{ broken',
    ];
    const seen: SourcesConfig[] = [];
    const config = createReloadableConfig(async () => parseSourcesConfig(texts.shift() ?? '', 'f', { env: {} }), first, (c) => seen.push(c));
    expect((await config.reload()).ok).toBe(true);
    expect(config.current().sources.map((s) => s.id)).toEqual(['a']);
    expect((await config.reload()).ok).toBe(false);
    expect(config.current().sources.map((s) => s.id)).toEqual(['a']);
    expect(seen).toHaveLength(1);
  });
});
