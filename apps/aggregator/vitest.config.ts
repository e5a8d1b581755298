// Integration tests start the embedded broker, join consumer groups and spawn `tsx src/main.ts`
// (seconds on a loaded 2-core machine): a generous limit keeps them from failing on time alone.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { testTimeout: 90_000, hookTimeout: 60_000 } });
