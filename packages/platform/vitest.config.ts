// Some tests start real child processes through tsx (signals, exit codes); on a busy two-core
// machine a cold start can take seconds, so the per-test timeout is a safety net, not a budget.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 120_000,
    maxWorkers: 2,
  },
});
