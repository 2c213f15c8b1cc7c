import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The e2e suites start real server processes; two cores are all a machine here has.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
