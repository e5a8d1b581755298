import { describe, expect, it } from 'vitest';
import { consumerTimings } from './consumer-runner.js';

describe('consumerTimings', () => {
  it('heartbeats at a third of the session (at most 3 s) and long-polls 1 s by default', () => {
    expect(consumerTimings({})).toEqual({ heartbeatInterval: 3000, maxWaitTimeInMs: 1000 });
    expect(consumerTimings({ sessionTimeoutMs: 6000 })).toEqual({ heartbeatInterval: 2000, maxWaitTimeInMs: 1000 });
  });

  it('never long-polls longer than the heartbeat interval: kafkajs cannot heartbeat during a fetch', () => {
    // A 1 s session with the 1 s default wait let Apache Kafka expire the member during one fetch.
    expect(consumerTimings({ sessionTimeoutMs: 1000 })).toEqual({ heartbeatInterval: 333, maxWaitTimeInMs: 333 });
    expect(consumerTimings({ sessionTimeoutMs: 30_000, maxWaitTimeInMs: 10_000 })).toEqual({ heartbeatInterval: 3000, maxWaitTimeInMs: 3000 });
    expect(consumerTimings({ heartbeatIntervalMs: 100, maxWaitTimeInMs: 50 })).toEqual({ heartbeatInterval: 100, maxWaitTimeInMs: 50 });
  });
});
