import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { ConfigError, loadSettings } from "@/lib/config/settings";

const saved = { ...process.env };
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "vm-cfg-"));
  for (const k of ["VM_WORKSPACE", "VM_LLM_BASE_URL", "VM_LLM_MODEL", "VM_LLM_API_KEY", "KIMI_API_KEY", "PORT", "VM_SETTINGS"]) delete process.env[k];
});
afterEach(() => {
  process.env = { ...saved };
});
const write = (yaml: string) => fs.writeFileSync(path.join(dir, "settings.yaml"), yaml);

test("the shipped settings.yaml is valid and gives the documented defaults", () => {
  const s = loadSettings(process.cwd());
  expect(s.server).toEqual({ host: "127.0.0.1", port: 3000, allowed_hosts: [], event_loop_warn_ms: 500 });
  expect(s.engine).toMatchObject({ driver_retries: 3, driver_retry_ms: 1000, sweep_interval_ms: 30_000 });
  expect(s.llm).toMatchObject({ base_url: "https://api.kimi.com/coding/v1", model: "kimi-for-coding" });
  expect(s.llm.max_tokens).toBeGreaterThanOrEqual(4096);
  expect(s.workspaceDir).toBe(path.resolve("runtime/vm"));
});

test("a missing file means defaults; environment variables override the file", () => {
  expect(loadSettings(dir).workspaceDir).toBe(path.join(dir, "runtime/vm"));
  write("workspace:\n  dir: data/ws\nserver:\n  port: 4000\n");
  process.env.VM_WORKSPACE = "/tmp/elsewhere";
  process.env.PORT = "4100";
  process.env.VM_LLM_MODEL = "gpt-x";
  process.env.VM_LLM_BASE_URL = "http://127.0.0.1:9/v1";
  process.env.KIMI_API_KEY = "k-alias";
  const s = loadSettings(dir);
  expect(s.workspaceDir).toBe("/tmp/elsewhere");
  expect(s.server.port).toBe(4100);
  expect(s.llm).toMatchObject({ model: "gpt-x", base_url: "http://127.0.0.1:9/v1" });
  expect(s.secrets.llmApiKey).toBe("k-alias");
  process.env.VM_LLM_API_KEY = "k-main";
  expect(loadSettings(dir).secrets.llmApiKey).toBe("k-main");
});

test.each([
  ["server:\n  prot: 3000\n", "server.prot", /unknown key/],
  ["server:\n  port: http\n", "server.port", /number/i],
  ["llm:\n  base_url: not a url\n", "llm.base_url", /url/i],
  ["colour: red\n", "colour", /unknown key/],
])("a bad key stops with the key and the file named (%j)", (yaml, key, reason) => {
  write(yaml);
  let error: unknown;
  try {
    loadSettings(dir);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).key).toBe(key);
  expect((error as Error).message).toContain(path.join(dir, "settings.yaml"));
  expect((error as Error).message).toContain(`"${key}"`);
  expect((error as Error).message).toMatch(reason);
});

test("malformed YAML names the file", () => {
  write("server: [unclosed\n");
  expect(() => loadSettings(dir)).toThrow(/settings\.yaml: not valid YAML/);
});
