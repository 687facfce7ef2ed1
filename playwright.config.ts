import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// This file is evaluated by the runner and again by each worker: make the workspaces once, share them by env.
process.env.VM_E2E_WORKSPACE ??= fs.mkdtempSync(path.join(os.tmpdir(), "vm-e2e-"));
process.env.VM_E2E_WORKSPACE_NOKEY ??= fs.mkdtempSync(path.join(os.tmpdir(), "vm-e2e-"));

const PORT = 3100;
const BASE_URL = `http://127.0.0.1:${PORT}`;
/** A second app with no API key: the "provider not configured" experience (tests/e2e/pages/servers.ts). */
const NO_KEY_PORT = 3101;
/** The fake OpenAI-compatible server (tests/support/fakeLlmCli.ts); its control port is FAKE_LLM_PORT + 1. */
const FAKE_LLM_PORT = 3199;

// The tiny embedding model the project ships: browser tests never download a model.
const common = { NEXT_TELEMETRY_DISABLED: "1", VM_SETTINGS: path.resolve("tests/fixtures/settings.test.yaml") };

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  globalTeardown: "./tests/e2e/globalTeardown.ts",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL: BASE_URL,
    locale: "pt-BR",
    timezoneId: "America/Sao_Paulo",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "chromium", testIgnore: "**/phone.spec.ts" },
    // A phone: the journey again, and every page checked for horizontal overflow and the gate bar.
    { name: "phone", testMatch: ["**/journey.spec.ts", "**/phone.spec.ts"], use: { viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true } },
  ],
  // The apps serve the existing `next build` (run `npm run build` first).
  webServer: [
    {
      command: `npx tsx tests/support/fakeLlmCli.ts ${FAKE_LLM_PORT}`,
      url: `http://127.0.0.1:${FAKE_LLM_PORT + 1}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `npx next start -H 127.0.0.1 -p ${PORT}`,
      url: `${BASE_URL}/api/v1/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        ...common,
        VM_WORKSPACE: process.env.VM_E2E_WORKSPACE,
        VM_LLM_BASE_URL: `http://127.0.0.1:${FAKE_LLM_PORT}/v1`,
        VM_LLM_API_KEY: "sk-e2e-fake-key",
      },
    },
    {
      command: `npx next start -H 127.0.0.1 -p ${NO_KEY_PORT}`,
      url: `http://127.0.0.1:${NO_KEY_PORT}/api/v1/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        ...common,
        VM_WORKSPACE: process.env.VM_E2E_WORKSPACE_NOKEY,
        // …and no embedding model: the degraded-memory screens (tests/e2e/memory.spec.ts).
        VM_SETTINGS: path.resolve("tests/fixtures/settings.degraded.yaml"),
        // Explicitly empty: a developer's .env must not leak a key into this server.
        VM_LLM_API_KEY: "",
        KIMI_API_KEY: "",
      },
    },
  ],
});
