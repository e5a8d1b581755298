// Integration tests start the embedded broker over TCP and use the machine's Redis; consumer
// group joins take seconds, so the per-test timeout is a safety net, not a budget.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
});
