// Integration tests talk to a real broker over TCP with real clients (kafkajs, kcat); group
// rebalances and session timeouts take seconds, hence the generous per-test timeout.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // test/conformance compares with Apache Kafka: vitest.conformance.config.ts, run by test:apache-kafka.
    exclude: ['**/node_modules/**', 'test/conformance/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more parallel files only make the timing-sensitive group tests slower.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
