import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import os from "node:os";
import fs from "node:fs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { TransformersEmbedder } from "@/lib/memory/transformersEmbedder";
import { noEmbedder, OpenAiEmbedder } from "@/lib/memory/openAiEmbedder";
import { startFakeLlmServer, type FakeLlmServer } from "../../support/fakeLlmServer";

const MODELS = path.resolve("tests/fixtures/models");
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);

const local = (over: Partial<ConstructorParameters<typeof TransformersEmbedder>[0]> = {}) =>
  new TransformersEmbedder({
    model: "vm-studio/tiny-embedder",
    dims: 32,
    modelPath: MODELS,
    cacheDir: fs.mkdtempSync(path.join(os.tmpdir(), "vm-models-")),
    allowDownload: false,
    dtype: "fp32",
    queryPrefix: "",
    passagePrefix: "",
    ...over,
  });

test("the local adapter loads the shipped tiny model with transformers.js and embeds: normalised, deterministic, similar texts closer", async () => {
  const e = local();
  expect(e.state().state).toBe("loading");
  expect(await e.ready()).toBe(true);
  expect(e.state()).toMatchObject({ provider: "local", state: "ready", error: null });
  const [a, b, c, a2] = await e.embed(["campanha de inverno para café", "café de inverno: campanha", "garantia do curso ao vivo", "campanha de inverno para café"], "passage");
  for (const v of [a, b, c]) {
    expect(v).toHaveLength(32);
    expect(Math.hypot(...v)).toBeCloseTo(1, 5);
  }
  expect(a2).toEqual(a);
  expect(dot(a, b)).toBeGreaterThan(dot(a, c));
  expect(e.fingerprint).toBe("local:vm-studio/tiny-embedder:fp32:32");
});

test("query and passage prefixes are applied (e5 convention)", async () => {
  const plain = local();
  const prefixed = local({ queryPrefix: "query: ", passagePrefix: "passage: " });
  const [p] = await plain.embed(["query: café"], "passage");
  const [q] = await prefixed.embed(["café"], "query");
  expect(q).toEqual(p);
});

test("a model that cannot be loaded makes the adapter unavailable with a clear error, never a crash or a download", async () => {
  const missing = local({ model: "nobody/not-here" });
  expect(await missing.ready()).toBe(false);
  expect(missing.state()).toMatchObject({ state: "unavailable", error: expect.stringMatching(/nobody\/not-here/) });
  await expect(missing.embed(["x"], "query")).rejects.toThrow();
  const noDownload = local({ modelPath: null, model: "Xenova/multilingual-e5-small" });
  expect(await noDownload.ready()).toBe(false);
  expect(noDownload.state().error).toMatch(/downloads are off/);
});

test("a dimension mismatch between the model and the settings is refused", async () => {
  const wrong = local({ dims: 384 });
  expect(await wrong.ready()).toBe(false);
  expect(wrong.state().error).toMatch(/32-dimension vectors but memory\.embedding\.dims is 384/);
});

let fake: FakeLlmServer;
beforeAll(async () => {
  fake = await startFakeLlmServer();
});
afterAll(async () => fake.close());

test("the openai-compatible adapter calls /v1/embeddings through the SDK and normalises what it gets", async () => {
  const e = new OpenAiEmbedder({ baseUrl: fake.baseUrl, model: "fake-embed", apiKey: "sk-emb", dims: 16, timeoutMs: 5000 });
  const [v, w] = await e.embed(["um texto", "outro texto"], "passage");
  expect(v).toHaveLength(16);
  expect(Math.hypot(...v)).toBeCloseTo(1, 5);
  expect(v).not.toEqual(w);
  const req = fake.requests.find((r) => r.path.endsWith("/embeddings"))!;
  expect(req.body).toMatchObject({ model: "fake-embed", input: ["um texto", "outro texto"] });
  expect(req.headers.authorization).toBe("Bearer sk-emb");
  expect(e.state().state).toBe("ready");
  const wrongDims = new OpenAiEmbedder({ baseUrl: fake.baseUrl, model: "fake-embed", apiKey: null, dims: 8, timeoutMs: 5000 });
  expect(await wrongDims.ready()).toBe(false);
  expect(wrongDims.state().error).toMatch(/16-dimension/);
});

test("no embedder: never ready, and says it is disabled", async () => {
  expect(await noEmbedder.ready()).toBe(false);
  expect(noEmbedder.state().state).toBe("disabled");
});

test("a model downloaded from a mirror: progress is visible while it comes in, then it is cached and works offline", async () => {
  // A mirror with the Hub's layout (<org>/<name>/resolve/main/<file>), serving the shipped tiny model slowly.
  const root = path.join(MODELS, "vm-studio", "tiny-embedder");
  const mirror = http.createServer(async (req, res) => {
    const m = req.url?.match(/^\/vm-studio\/tiny-embedder\/resolve\/main\/(.+)$/);
    const file = m && path.join(root, decodeURIComponent(m[1]));
    if (!file || !file.startsWith(root) || !fs.existsSync(file)) return void res.writeHead(404).end();
    const body = fs.readFileSync(file);
    res.writeHead(200, { "content-length": body.length, "content-type": "application/octet-stream" });
    const step = Math.ceil(body.length / 8);
    for (let i = 0; i < body.length; i += step) {
      res.write(body.subarray(i, i + step));
      await new Promise((r) => setTimeout(r, 60));
    }
    res.end();
  });
  await new Promise<void>((r) => mirror.listen(0, "127.0.0.1", r));
  const host = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`;
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "vm-models-"));
  try {
    const e = local({ modelPath: null, allowDownload: true, cacheDir, downloadHost: host });
    const seen: { state: string; progress: number | null }[] = [];
    const loading = e.ready();
    const watch = setInterval(() => seen.push(e.state()), 10);
    expect(await loading).toBe(true);
    clearInterval(watch);
    const downloading = seen.filter((s) => s.state === "downloading");
    expect(downloading.length).toBeGreaterThan(0);
    expect(downloading.some((s) => s.progress! > 0 && s.progress! < 1)).toBe(true);
    expect(e.state()).toMatchObject({ state: "ready", progress: null });
    expect((await e.embed(["café"], "query"))[0]).toHaveLength(32);

    // Kept in the workspace's cache: with downloads off (and the mirror gone) it still loads.
    mirror.close();
    const offline = local({ modelPath: null, allowDownload: false, cacheDir });
    expect(await offline.ready()).toBe(true);
  } finally {
    mirror.close();
  }
});
