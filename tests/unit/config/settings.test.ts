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

test("hosted mode refuses to start on anything an instance would keep to itself, naming what is missing", () => {
  for (const k of ["DATABASE_URL", "VM_DEPLOYMENT_MODE", "VM_S3_BUCKET", "VM_S3_ENDPOINT", "VM_S3_PREFIX", "VM_S3_FORCE_PATH_STYLE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "VM_S3_REGION"]) delete process.env[k];
  const fails = (key: string, message: RegExp) => {
    let err: unknown;
    try {
      loadSettings(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).key).toBe(key);
    expect((err as Error).message).toMatch(message);
  };
  process.env.VM_DEPLOYMENT_MODE = "hosted";
  fails("database.url", /PostgreSQL.*SQLite cannot be shared/);
  process.env.DATABASE_URL = "postgresql://vm@db:5432/vm";
  fails("storage.blobs.kind", /storage\.blobs.*cannot be shared/);
  process.env.VM_S3_BUCKET = "vm-bucket";
  fails("AWS_ACCESS_KEY_ID", /AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
  process.env.AWS_ACCESS_KEY_ID = "AKIA-test";
  process.env.AWS_SECRET_ACCESS_KEY = "secret-test";
  process.env.VM_S3_ENDPOINT = "http://minio:9000";
  process.env.VM_S3_FORCE_PATH_STYLE = "true";
  const s = loadSettings(dir);
  expect(s.deployment.mode).toBe("hosted");
  expect(s.storage.blobs).toEqual({ kind: "s3", bucket: "vm-bucket", prefix: "vm", endpoint: "http://minio:9000", region: "us-east-1", force_path_style: true });
  expect(s.secrets.s3).toEqual({ accessKeyId: "AKIA-test", secretAccessKey: "secret-test", sessionToken: null });
  expect(s.hosted).toEqual({ stage_expiry_seconds: 30, worker_concurrency: 4, supervise_interval_seconds: 5 });

  // The object store belongs to hosted mode; a typo in the mode is not a silent local start.
  process.env.VM_DEPLOYMENT_MODE = "local";
  fails("storage.blobs.kind", /needs deployment\.mode hosted/);
  process.env.VM_DEPLOYMENT_MODE = "cluster";
  fails("VM_DEPLOYMENT_MODE", /"local" or "hosted"/);
  delete process.env.VM_DEPLOYMENT_MODE;
  delete process.env.VM_S3_BUCKET;
  write("hosted:\n  stage_expiry_seconds: 5\n");
  fails("hosted.stage_expiry_seconds", /10/);
});
