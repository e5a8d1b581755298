// Polls every configured feed on its own schedule: conditional GET, parse, hand the items to the
// pipeline, then remember the feed's validators. Validators are kept only after the items were
// accepted, so a failed publish is retried on the next poll instead of being hidden by a 304.
// One source's failure never touches another source's schedule or health.
import { aggregatorError, messageOf } from '../errors.js';
import type { AggregatorError } from '../errors.js';
import type { FeedSource } from './config-schema.js';
import { fetchFeed as defaultFetchFeed } from './fetch-feed.js';
import type { FetchOptions, FetchOutcome, Validators } from './fetch-feed.js';
import { initialHealth, recordFailure, recordSuccess } from './health.js';
import type { SourceHealth } from './health.js';
import { parseFeedText } from './parse-feed.js';
import type { RawItem, SourceContext } from './raw-item.js';
import type { Result } from '../errors.js';

/** Called with a fetched feed's items; rejects (or returns an error) when they could not be published. */
export type OnItems = (source: SourceContext, items: readonly RawItem[]) => Promise<AggregatorError | undefined>;

export type PollReport =
  | { readonly sourceId: string; readonly outcome: 'not-modified' }
  | { readonly sourceId: string; readonly outcome: 'fetched'; readonly items: number }
  | { readonly sourceId: string; readonly outcome: 'failed'; readonly error: AggregatorError };

export interface PollerDeps {
  readonly onItems: OnItems;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly fetchFeed?: (url: string, options: FetchOptions) => Promise<Result<FetchOutcome>>;
  readonly onReport?: (report: PollReport) => void;
}

interface SourceState {
  source: FeedSource;
  health: SourceHealth;
  validators?: Validators;
  timer?: NodeJS.Timeout;
  inFlight?: Promise<PollReport>;
}

export function createPoller(initialSources: readonly FeedSource[], deps: PollerDeps) {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const fetchFeed = deps.fetchFeed ?? defaultFetchFeed;
  const states = new Map<string, SourceState>();
  let running = false;

  function add(source: FeedSource): void {
    states.set(source.id, { source, health: initialHealth(source, now()) });
  }
  initialSources.forEach(add);

  function schedule(state: SourceState): void {
    clearTimeout(state.timer);
    // A source removed by a reload while its poll was in flight must not be rescheduled.
    if (!running || states.get(state.source.id) !== state) return;
    const delay = Math.max(0, state.health.nextPollAt - now());
    state.timer = setTimeout(() => void pollState(state).then(() => schedule(state)), delay);
  }

  function pollState(state: SourceState): Promise<PollReport> {
    // A manual poll during a scheduled one joins it rather than fetching twice.
    state.inFlight ??= pollOnce(state).finally(() => { state.inFlight = undefined; });
    return state.inFlight;
  }

  async function pollOnce(state: SourceState): Promise<PollReport> {
    const { source } = state;
    const report = await fetchAndHandOver(state);
    if (states.get(source.id) !== state) return report; // removed by a reload meanwhile
    state.health = report.outcome === 'failed'
      ? recordFailure(state.health, source, report.error, now(), random())
      : recordSuccess(state.health, source, now(), report.outcome === 'fetched' ? report.items : undefined);
    deps.onReport?.(report);
    return report;
  }

  async function fetchAndHandOver(state: SourceState): Promise<PollReport> {
    const { source } = state;
    const sourceId = source.id;
    const fetched = await fetchFeed(source.url, { timeoutMs: source.timeoutMs, ...(state.validators ? { validators: state.validators } : {}) });
    if (!fetched.ok) return { sourceId, outcome: 'failed', error: fetched.error };
    if (fetched.value.status === 'not-modified') return { sourceId, outcome: 'not-modified' };
    const parsed = parseFeedText(fetched.value.body);
    if (!parsed.ok) return { sourceId, outcome: 'failed', error: parsed.error };
    const context: SourceContext = {
      sourceId, name: source.name, via: parsed.value.format, regions: source.regions, categories: source.categories,
      ...(source.kind ? { kind: source.kind } : {}),
      ...(source.languages ? { languages: source.languages } : {}),
      ...(source.priority ? { priority: source.priority } : {}),
    };
    let handOverError: AggregatorError | undefined;
    try {
      handOverError = await deps.onItems(context, parsed.value.items);
    } catch (cause) {
      handOverError = aggregatorError('publish_failed', `publishing items of ${sourceId} failed: ${messageOf(cause)}`, { retriable: true, cause });
    }
    if (handOverError) return { sourceId, outcome: 'failed', error: handOverError };
    state.validators = fetched.value.validators;
    return { sourceId, outcome: 'fetched', items: parsed.value.items.length };
  }

  return {
    start(): void {
      running = true;
      for (const state of states.values()) schedule(state);
    },
    async stop(): Promise<void> {
      running = false;
      for (const state of states.values()) clearTimeout(state.timer);
      await Promise.allSettled([...states.values()].map((s) => s.inFlight));
    },
    /** Polls one source now, whatever its schedule (operators, tests). */
    async pollNow(sourceId: string): Promise<PollReport | undefined> {
      const state = states.get(sourceId);
      return state ? pollState(state) : undefined;
    },
    async pollAll(): Promise<PollReport[]> {
      return Promise.all([...states.values()].map((state) => pollState(state)));
    },
    /**
     * Applies a reloaded configuration: new sources start, removed ones stop, a changed source
     * restarts with fresh validators (its URL may have changed), unchanged ones keep their state.
     */
    update(sources: readonly FeedSource[]): void {
      const next = new Map(sources.map((s) => [s.id, s]));
      for (const [id, state] of states) {
        const replacement = next.get(id);
        if (!replacement || JSON.stringify(replacement) !== JSON.stringify(state.source)) {
          clearTimeout(state.timer);
          states.delete(id);
        }
      }
      for (const source of sources) {
        if (states.has(source.id)) continue;
        add(source);
        const state = states.get(source.id);
        if (state) schedule(state);
      }
    },
    health(): SourceHealth[] {
      return [...states.values()].map((s) => s.health);
    },
  };
}

export type Poller = ReturnType<typeof createPoller>;
