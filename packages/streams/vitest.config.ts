// Integration tests drive the embedded broker over TCP and the machine's Redis; group joins and
// rebalances take seconds, hence the generous per-test timeout.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
    fileParallelism: true,
  },
});
