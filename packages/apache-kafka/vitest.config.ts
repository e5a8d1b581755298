// The unit tests run everywhere; test/ starts real JVMs and runs only in `npm run test:apache-kafka`
// (vitest.apache.config.ts), where the broker jars are prepared first.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
  },
});
