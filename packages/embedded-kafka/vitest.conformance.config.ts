// The differential conformance suite (test/conformance): each client sequence runs on the embedded
// broker and on Apache Kafka (TESSERA_TEST_KAFKA) and the observations are compared. Run by
// `npm run test:apache-kafka` (root), which starts Apache Kafka; not part of `npm test` here.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/conformance/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    maxWorkers: 2,
    fileParallelism: true,
  },
});
