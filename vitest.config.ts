import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    // Tests write to fakes without budgets, hundreds of writes a minute; the ones about the
    // budget give the pacer their own limits and clock (src/github/pacing).
    env: { TASKMIRROR_CONTENT_BUDGET: "off" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The e2e suites start real server processes; two cores are all a machine here has.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
