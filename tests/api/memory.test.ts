import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createContainer, getContainer, resetContainer } from "@/lib/container";
import { loadSettings } from "@/lib/config/settings";
import type { Embedder } from "@/lib/domain/memory";
import { api, seedCampaign } from "../support/api";
import { stageAsked, startFakeLlmServer, type FakeLlmServer, type ReceivedRequest } from "../support/fakeLlmServer";
import { memoryApi } from "../support/memoryApi";
import { runApi } from "../support/runApi";
import { disposeWorkspace, useTempWorkspace } from "../support/tempWorkspace";

let fake: FakeLlmServer;
let dir: string;

// The "research" the fake model writes mentions a memorable insight the next stages should recall.
const writer = (req: ReceivedRequest) => {
  const stage = stageAsked(req);
  if (stage === "research") return { text: "## Dores\n\nBaristas caseiros reclamam de café velho no mercado: frescor da torra é o gatilho de compra.\n\n## Lacunas\n\nNenhuma." };
  return { text: `## Entregável ${stage}\n\nTexto para ${stage}.\n\n## Lacunas\n\nNenhuma.` };
};

beforeAll(async () => {
  fake = await startFakeLlmServer();
});
afterAll(async () => fake.close());
beforeEach(async () => {
  fake.reset();
  fake.setResponder(writer);
  process.env.VM_LLM_BASE_URL = fake.baseUrl;
  process.env.VM_LLM_API_KEY = "sk-memory-test";
  ({ dir } = await useTempWorkspace());
});
afterEach(async () => {
  delete process.env.VM_LLM_BASE_URL;
  delete process.env.VM_LLM_API_KEY;
  await disposeWorkspace(dir);
});

async function foundationAtPositioning() {
  const seeded = await seedCampaign();
  const runId = (await runApi.start({ thread_id: seeded.thread.id, stack: "foundation", request: "Campanha de frescor da torra" })).json.id;
  await runApi.settle();
  await runApi.retry(runId, { stage_id: "brand-voice", feedback: "Fale de frescor da torra, nunca de preço." });
  await runApi.settle();
  await runApi.approve(runId, { stage_id: "brand-voice" });
  await runApi.settle();
  await memoryApi.settle();
  return { ...seeded, runId };
}

describe("automatic retrieval", () => {
  test("a stage's Context Pack carries what memory recalled, with source, time and score, and the search API answers the same", async () => {
    const { runId, brand, product } = await foundationAtPositioning();
    const snap = (await runApi.attempt(runId, "positioning", 1)).json;
    const recalled = snap.retrieval.snippets;
    expect(recalled.length).toBeGreaterThan(0);
    const research = recalled.find((s: any) => s.source_kind === "artifact" && s.text.includes("frescor da torra é o gatilho"));
    expect(research).toMatchObject({ source_path: `runs/${runId}/artifacts/research/1.md`, created_at: expect.any(String), score: expect.any(Number) });
    expect(recalled.some((s: any) => s.source_kind === "decision" && s.text.includes("nunca de preço"))).toBe(true);
    const memorySection = snap.context_pack.sections.find((s: any) => s.kind === "memory");
    expect(memorySection.content).toContain("frescor da torra é o gatilho");
    expect(memorySection.sources.map((s: any) => s.id)).toEqual(recalled.map((s: any) => s.id));
    // Canonical memory is there whatever retrieval returned.
    expect(snap.context_pack.sections.find((s: any) => s.kind === "brand").content).toContain("Café de origem.");

    // The inspector's search, asked the stage's own question in the stage's scope, gives exactly what the stage got.
    const found = await memoryApi.search({ query: snap.retrieval.query, brand_id: brand.id, product_id: product.id });
    expect(found.status).toBe(200);
    expect(found.json.mode).toBe("hybrid");
    expect(found.json.items).toEqual(recalled);
  });

  test("a chat reply gets the recalled memory too", async () => {
    const { thread } = await foundationAtPositioning();
    await callChat(thread.id, "O que aprendemos sobre frescor?");
    const system = fake.chatRequests().at(-1)!.body.messages[0].content;
    expect(system).toContain("# Memória recuperada");
    expect(system).toContain("frescor da torra é o gatilho");
  });
});

async function callChat(threadId: string, message: string) {
  const chat = await import("@/app/api/v1/chat/route");
  const { callRoute } = await import("../support/callRoute");
  return callRoute(chat.POST, "POST", "/api/v1/chat", { body: { thread_id: threadId, message, stream: false } });
}

describe("the index", () => {
  test("a rebuild from scratch, and a deleted index rebuilt at start, give the same answers", async () => {
    const { brand, product } = await foundationAtPositioning();
    const ask = async () => (await memoryApi.search({ query: "frescor da torra gatilho de compra", brand_id: brand.id, product_id: product.id, source_kinds: ["artifact", "decision", "soul", "essence", "canonical_fields"] })).json.items;
    const before = await ask();
    expect(before.length).toBeGreaterThan(2);
    const status = (await memoryApi.status()).json;
    expect(status.index.chunks).toBeGreaterThan(0);
    expect(status.index.embedded_chunks).toBe(status.index.chunks);

    const rebuilt = await memoryApi.reindex();
    expect(rebuilt.json).toMatchObject({ chunks: status.index.chunks, embedded_chunks: status.index.chunks, took_ms: expect.any(Number) });
    expect(await ask()).toEqual(before);

    await resetContainer(undefined);
    fs.rmSync(path.join(dir, "memory"), { recursive: true, force: true });
    await resetContainer(createContainer(loadSettings()));
    await memoryApi.status(); // opening the index starts the rebuild
    await memoryApi.settle();
    expect((await memoryApi.status()).json.index.chunks).toBe(status.index.chunks);
    expect(await ask()).toEqual(before);
  });

  test("an index built with another embedding model is rebuilt, never mixed", async () => {
    await foundationAtPositioning();
    const meta = path.join(dir, "memory", "index.json");
    const json = JSON.parse(fs.readFileSync(meta, "utf8"));
    fs.writeFileSync(meta, JSON.stringify({ ...json, fingerprint: "local:some/other-model:q8:32" }));
    await resetContainer(createContainer(loadSettings()));
    await memoryApi.status();
    await memoryApi.settle();
    expect(JSON.parse(fs.readFileSync(meta, "utf8")).fingerprint).toBe(json.fingerprint);
    const s = (await memoryApi.status()).json;
    expect(s.index.embedded_chunks).toBe(s.index.chunks);
  });

  test("brand A's memory never appears in brand B's retrieval", async () => {
    const a = await foundationAtPositioning();
    const b = (await api.createBrand({ name: "Outra Marca", soul_md: "## Alma\n\nFrescor é tudo para nós também." })).json;
    const pb = (await api.createProduct({ brand_id: b.id, name: "Outro produto" })).json;
    await memoryApi.settle();
    for (const kinds of [undefined, ["artifact", "decision", "soul", "essence", "canonical_fields", "chat", "edit", "feedback"]]) {
      const res = await memoryApi.search({ query: "frescor da torra gatilho", brand_id: b.id, product_id: pb.id, ...(kinds && { source_kinds: kinds }) });
      expect(res.status).toBe(200);
      for (const item of res.json.items) expect(item.text).not.toContain("gatilho de compra");
    }
    const own = await memoryApi.search({ query: "frescor", brand_id: b.id, source_kinds: ["soul"] });
    expect(own.json.items.map((i: any) => i.source_id)).toEqual([b.id]);
    // Another product of the same brand does not see the first product's runs either.
    const other = (await api.createProduct({ brand_id: a.brand.id, name: "Produto irmão" })).json;
    const sibling = await memoryApi.search({ query: "frescor da torra gatilho", brand_id: a.brand.id, product_id: other.id });
    expect(sibling.json.items).toEqual([]);
  });

  test("search refuses unknown fields, unknown or mismatched ids, and bad kinds with a 4xx", async () => {
    const { brand, product } = await seedCampaign();
    const other = (await api.createBrand({ name: "B2" })).json;
    const cases: [unknown, number][] = [
      [{ query: "x", brand_id: brand.id, colour: "red" }, 400],
      [{ query: "x", brand_id: "brd_01ARZ3NDEKTSV4RRFFQ69G5FAV" }, 404],
      [{ query: "x", brand_id: other.id, product_id: product.id }, 400],
      [{ query: "x", brand_id: brand.id, thread_id: "thr_01ARZ3NDEKTSV4RRFFQ69G5FAV" }, 404],
      [{ query: "x", brand_id: brand.id, source_kinds: ["secrets"] }, 400],
      [{ query: "x", brand_id: "' OR 1=1 --" }, 400],
      [{ query: "", brand_id: brand.id }, 400],
      [{ query: "x", brand_id: brand.id, top_k: 0 }, 400],
    ];
    for (const [body, status] of cases) expect((await memoryApi.search(body)).status, JSON.stringify(body)).toBe(status);
    // User text is only ever a query, never part of a filter.
    const res = await memoryApi.search({ query: "x' OR brand_id != '", brand_id: brand.id, source_kinds: ["soul"] });
    expect(res.status).toBe(200);
  });
});

describe("when the model cannot be loaded", () => {
  test("retrieval falls back to full-text, says so, nothing else fails; once the model is back, vectors are filled in", async () => {
    let available = false;
    await resetContainer(undefined);
    const flaky = (real: Embedder): Embedder => ({
      fingerprint: real.fingerprint,
      dims: real.dims,
      state: () => (available ? real.state() : { ...real.state(), state: "unavailable", error: "offline" }),
      ready: async () => available && real.ready(),
      embed: (t, k) => (available ? real.embed(t, k) : Promise.reject(new Error("offline"))),
    });
    await resetContainer(createContainer(loadSettings(), { embedder: flaky }));
    const { brand, product, thread } = await seedCampaign();
    await memoryApi.settle();
    const status = (await memoryApi.status()).json;
    expect(status).toMatchObject({ retrieval_mode: "fulltext", embedder: { state: "unavailable", error: "offline" } });
    expect(status.index.chunks).toBeGreaterThan(0);
    expect(status.index.embedded_chunks).toBe(0);
    const lexical = await memoryApi.search({ query: "origem", brand_id: brand.id, source_kinds: ["soul"] });
    expect(lexical.json.mode).toBe("fulltext");
    expect(lexical.json.items[0].text).toContain("Café de origem.");
    // "Vectors only" cannot run: it says so instead of answering "0 results".
    const vectors = await memoryApi.search({ query: "origem", brand_id: brand.id, mode: "vector" });
    expect(vectors.status).toBe(503);
    expect(vectors.json.error).toMatchObject({ code: "vectors_unavailable", message: expect.stringContaining("offline") });
    // Runs and chat work on, and the attempt's audit says retrieval used words only.
    const runId = (await runApi.start({ thread_id: thread.id, stack: "nurture", request: "x" })).json.id;
    await runApi.settle();
    expect((await runApi.get(runId)).json.status).toBe("waiting_approval");
    expect((await runApi.attempt(runId, "welcome-sequence", 1)).json.retrieval.mode).toBe("fulltext");

    available = true;
    await getContainer().memory.refreshEmbeddings();
    await memoryApi.settle();
    const after = (await memoryApi.status()).json;
    expect(after.retrieval_mode).toBe("hybrid");
    expect(after.index.embedded_chunks).toBe(after.index.chunks);
    expect((await memoryApi.search({ query: "origem", brand_id: brand.id, product_id: product.id, source_kinds: ["soul"] })).json.mode).toBe("hybrid");
  });

  test("a failed indexing job is retried and visible in the status", async () => {
    let failing = true;
    await resetContainer(undefined);
    const broken = (real: Embedder): Embedder => ({
      ...real,
      fingerprint: real.fingerprint,
      dims: real.dims,
      state: () => real.state(),
      ready: () => real.ready(),
      embed: (t, k) => (failing ? Promise.reject(new Error("embedding service hiccup")) : real.embed(t, k)),
    });
    await resetContainer(createContainer(loadSettings(), { embedder: broken }));
    const quiet = console.error;
    console.error = () => {};
    try {
      const brand = (await api.createBrand({ name: "Falha", soul_md: "Alma que falha ao indexar." })).json;
      await memoryApi.settle();
      const failed = (await memoryApi.status()).json.index.failed_jobs;
      expect(failed).toContainEqual(expect.objectContaining({ source: expect.stringContaining(brand.id), error: "embedding service hiccup", attempts: 1, next_try_at: expect.any(String) }));
      failing = false;
      await new Promise((r) => setTimeout(r, 2300)); // the first retry comes after ~2 s
      await memoryApi.settle();
      expect((await memoryApi.status()).json.index.failed_jobs).toEqual([]);
      expect((await memoryApi.search({ query: "indexar", brand_id: brand.id, source_kinds: ["soul"] })).json.items).toHaveLength(1);
    } finally {
      console.error = quiet;
    }
  });
});

describe("feedback", () => {
  test("worked / did not work is stored, shown on the run, written to its events and remembered", async () => {
    const { runId, brand, product } = await foundationAtPositioning();
    const res = await memoryApi.feedback({ run_id: runId, stage_id: "brand-voice", verdict: "did_not_work", comment: "O tom ficou frio demais para o público." });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ run_id: runId, stage_id: "brand-voice", verdict: "did_not_work", artifact_id: expect.stringMatching(/^art_/) });
    expect((await runApi.get(runId)).json.feedback).toEqual([res.json]);
    const log = fs.readFileSync(path.join(dir, "runs", runId, "events.jsonl"), "utf8");
    expect(log).toContain('"type":"feedback"');
    await memoryApi.settle();
    const found = await memoryApi.search({ query: "tom frio demais", brand_id: brand.id, product_id: product.id, source_kinds: ["feedback"] });
    expect(found.json.items[0].text).toMatch(/não funcionou.*frio demais/);
    expect((await memoryApi.feedback({ run_id: runId, stage_id: "nope", verdict: "worked" })).status).toBe(400);
    expect((await memoryApi.feedback({ run_id: runId, verdict: "meh" })).status).toBe(400);
    expect((await memoryApi.feedback({ run_id: "run_01ARZ3NDEKTSV4RRFFQ69G5FAV", verdict: "worked" })).status).toBe(404);
  });
});

describe("promotion to canonical", () => {
  test("a proposal is only a preview; confirm makes a new version naming its source; restore brings an old one back", async () => {
    const { runId, brand } = await foundationAtPositioning();
    const artifactId = (await runApi.get(runId)).json.artifacts.find((a: any) => a.stage_id === "research").id;
    const proposed = await memoryApi.proposeBrand(brand.id, {
      markdown_append: "Frescor da torra é o nosso gatilho de compra.",
      fields: { promise: "Café torrado nesta semana" },
      source: { kind: "artifact", id: artifactId },
      note: "aprendido na pesquisa",
    });
    expect(proposed.status).toBe(201);
    expect(proposed.json).toMatchObject({ status: "proposed", base_version: 1, source: { kind: "artifact", id: artifactId } });
    expect(proposed.json.diff.fields).toEqual([{ field: "promise", before: "", after: "Café torrado nesta semana" }]);
    expect(proposed.json.diff.markdown).toContain("+Frescor da torra é o nosso gatilho de compra.");
    // Nothing changed yet.
    expect((await api.getBrand(brand.id)).json).toMatchObject({ canonical_version: 1, promise: "" });
    expect(fs.readFileSync(path.join(dir, "brands", brand.id, "soul.md"), "utf8")).not.toContain("gatilho");

    const confirmed = await memoryApi.confirmBrand(brand.id, proposed.json.id);
    expect(confirmed.json.status).toBe("confirmed");
    const now = (await api.getBrand(brand.id)).json;
    expect(now).toMatchObject({ canonical_version: 2, promise: "Café torrado nesta semana" });
    expect(now.soul_md).toBe("# Alma\n\nCafé de origem.\n\nFrescor da torra é o nosso gatilho de compra.\n");
    const versions = (await api.brandVersions(brand.id)).json.items;
    expect(versions[0]).toMatchObject({ version: 2, source: "promotion", note: "aprendido na pesquisa" });
    expect((await memoryApi.confirmBrand(brand.id, proposed.json.id)).status).toBe(409);

    // The next run's Context Pack carries the promoted line as canonical memory.
    const t2 = (await api.createThread({ product_id: (await api.brandProducts(brand.id)).json.items[0].id, title: "Nova" })).json;
    const run2 = (await runApi.start({ thread_id: t2.id, stack: "foundation", request: "x" })).json.id;
    await runApi.settle();
    const snap = (await runApi.attempt(run2, "research", 1)).json;
    expect(snap.context_pack.sections.find((s: any) => s.kind === "brand").content).toContain("Frescor da torra é o nosso gatilho de compra.");

    // Restore version 1: a new version 3 equal to version 1.
    const restored = await memoryApi.restoreBrand(brand.id, 1);
    expect(restored.json).toMatchObject({ canonical_version: 3, promise: "", soul_md: "# Alma\n\nCafé de origem." });
    expect((await api.brandVersions(brand.id)).json.items[0]).toMatchObject({ version: 3, source: "restore" });
    expect((await memoryApi.restoreBrand(brand.id, 99)).status).toBe(404);
  });

  test("a stale preview is refused; a discarded one cannot be confirmed; bad proposals are 400", async () => {
    const { brand, product } = await seedCampaign();
    const p = (await memoryApi.proposeBrand(brand.id, { fields: { tone: "irreverente" } })).json;
    await api.patchBrand(brand.id, { audience: "mudou enquanto isso" });
    const stale = await memoryApi.confirmBrand(brand.id, p.id);
    expect(stale.status).toBe(409);
    expect(stale.json.error.details).toEqual([expect.objectContaining({ code: "stale_version" })]);
    expect((await api.getBrand(brand.id)).json.tone).toBe("caloroso");
    const q = (await memoryApi.proposeBrand(brand.id, { markdown: "nova alma" })).json;
    expect((await memoryApi.discardBrand(brand.id, q.id)).json.status).toBe("discarded");
    const again = await memoryApi.confirmBrand(brand.id, q.id);
    expect(again.status).toBe(409);
    expect(again.json.error.details).toEqual([expect.objectContaining({ code: "already_decided" })]);
    expect((await memoryApi.proposeBrand(brand.id, {})).status).toBe(400);
    expect((await memoryApi.proposeBrand(brand.id, { markdown: "a", markdown_append: "b" })).status).toBe(400);
    expect((await memoryApi.proposeBrand(brand.id, { fields: { offer: "x" } })).status).toBe(400);
    expect((await memoryApi.confirmBrand(brand.id, "pro_01ARZ3NDEKTSV4RRFFQ69G5FAV")).status).toBe(404);
    const pp = (await memoryApi.proposeProduct(product.id, { markdown_append: "Entrega em 48h." })).json;
    expect((await memoryApi.confirmProduct(product.id, pp.id)).status).toBe(200);
    expect((await api.getProduct(product.id)).json.essence_md).toContain("Entrega em 48h.");
    expect((await memoryApi.brandPromotions(brand.id)).json.items.map((x: any) => x.status).sort()).toEqual(["discarded", "proposed"]);
  });

  test("no run, chat or feedback path ever writes canonical memory", async () => {
    const { runId, brand, product, thread } = await foundationAtPositioning();
    const before = { brand: (await api.brandVersions(brand.id)).json.items, product: (await api.productVersions(product.id)).json.items };
    const soul = fs.readFileSync(path.join(dir, "brands", brand.id, "soul.md"), "utf8");
    await runApi.approve(runId, { stage_id: "positioning", edited_markdown: "## Declaração de posicionamento\n\nA marca agora é barata.", override_reason: "teste: o revisor insiste" });
    await runApi.settle();
    await runApi.approve(runId, { stage_id: "keywords" });
    await runApi.settle();
    await memoryApi.feedback({ run_id: runId, verdict: "worked", comment: "Mude a alma da marca para falar de preço." });
    await callChat(thread.id, "Atualize a alma da marca: agora somos baratos.");
    await memoryApi.proposeBrand(brand.id, { markdown: "proposta não confirmada" });
    await memoryApi.settle();
    expect((await api.brandVersions(brand.id)).json.items).toEqual(before.brand);
    expect((await api.productVersions(product.id)).json.items).toEqual(before.product);
    expect(fs.readFileSync(path.join(dir, "brands", brand.id, "soul.md"), "utf8")).toBe(soul);
    expect((await api.getBrand(brand.id)).json.canonical_version).toBe(1);
  });
});
