import { defineConfig } from "vitest/config";

// One project per test layer (DESIGN.md "Tests by layer"); `npm test` runs them all.
export default defineConfig({
  test: {
    // The SDK warns that releases after January 2027 need Node 22; this machine runs Node 20 (Lambda runs 22).
    // cognito-local (the Cognito emulator of tests/support/cognito-local.ts) loads the v2 SDK, which warns once.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: "1" },
    projects: [
      { test: { name: "unit", include: ["tests/unit/**/*.test.ts"], testTimeout: 20_000 } },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts", "tests/http/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "contracts",
          include: ["tests/contracts/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      { test: { name: "stacks", include: ["tests/stacks/**/*.test.ts"], testTimeout: 180_000, hookTimeout: 180_000 } },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // A page's change after a click is checked by polling; vitest's default second is short for a shared
          // machine running a browser beside the other suites' processes.
          expect: { poll: { timeout: 10_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
