import { defineConfig } from 'vitest/config';

// Each VU is a worker thread that loads tsx and the script: seconds apiece on a busy machine.
export default defineConfig({ test: { testTimeout: 120_000 } });
