import { describe, expect, it } from 'vitest';
import { aggregatorError } from '../errors.js';
import type { FeedSource } from './config-schema.js';
import { backoffDelay, initialHealth, recordFailure, recordSuccess } from './health.js';

const source: FeedSource = {
  id: 's', name: 'S', url: 'https://s.example/f', regions: [], categories: [],
  pollIntervalMs: 60_000, timeoutMs: 1000, maxBackoffMs: 600_000,
};
const error = aggregatorError('feed_http_status', 'HTTP 503', { retriable: true });

describe('backoff', () => {
  it('doubles from the poll interval up to the cap, with jitter between half and all of it', () => {
    expect(backoffDelay(source, 1, 0.999999)).toBe(120_000);
    expect(backoffDelay(source, 2, 0.999999)).toBe(240_000);
    expect(backoffDelay(source, 10, 0.999999)).toBe(600_000);
    expect(backoffDelay(source, 1, 0)).toBe(60_000);
  });
});

describe('source health', () => {
  it('records a failure with its reason and schedules the retry by backoff', () => {
    const failed = recordFailure(initialHealth(source, 0), source, error, 1000, 0.999999);
    expect(failed).toMatchObject({ healthy: false, consecutiveFailures: 1, lastError: { code: 'feed_http_status', message: 'HTTP 503', at: 1000 }, nextPollAt: 121_000 });
    const twice = recordFailure(failed, source, error, 2000, 0.999999);
    expect(twice.consecutiveFailures).toBe(2);
    expect(twice.nextPollAt).toBe(242_000);
  });

  it('becomes healthy again on success, keeping the last error for operators', () => {
    const failed = recordFailure(initialHealth(source, 0), source, error, 1000, 0.5);
    const recovered = recordSuccess(failed, source, 5000, 12);
    expect(recovered).toMatchObject({ healthy: true, consecutiveFailures: 0, lastSuccessAt: 5000, nextPollAt: 65_000, lastItemCount: 12 });
    expect(recovered.lastError?.code).toBe('feed_http_status');
  });
});
