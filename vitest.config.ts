import { defineConfig } from 'vitest/config';

// One runner for unit, integration (real registries, dockerd) and browser end-to-end tests.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: integration files start their own services; keep them from starving each other.
    maxWorkers: 2,
    pool: 'forks',
    reporters: ['default'],
  },
});
