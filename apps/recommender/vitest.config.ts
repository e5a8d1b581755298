// Integration tests drive the embedded broker over TCP and the machine's Redis; group joins and
// rebalances take seconds (minutes on a loaded machine), hence the generous per-test timeout: a
// safety net against a hang; each wait inside a test names what it waited for when it gives up.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 180_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
    fileParallelism: true,
  },
});
