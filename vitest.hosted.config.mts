import path from "node:path";
import { defineConfig } from "vitest/config";

// Hosted mode against real parts: two `next start` instances on PostgreSQL (VM_TEST_DATABASE_URL), an
// S3-protocol server and pg-boss. Run after `npm run build`; .ci/run runs it in its own lane.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/hosted/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 180_000,
  },
});
