// Client libraries retry failed requests with backoff (seconds) in some tests: a generous
// per-test limit keeps a loaded CI machine from failing them on time alone.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 120_000 } });
