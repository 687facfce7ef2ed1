// Retrieval quality on a fixture workspace built through the real pipeline: brands and products
// created by the services, artifacts written by real runs (the fake LLM answering with the fixture's
// documents) and approved at their gates, feedback left on the runs. Then every question is asked in
// the three retrieval modes through the same search function the stages use.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createContainer } from "../lib/container";
import { loadSettings } from "../lib/config/settings";
import { SOURCE_KINDS, type RetrievedSnippet } from "../lib/domain/retrieval";
import { startFakeLlmServer } from "../tests/support/fakeLlmServer";
import { bm25PortugueseBaseline } from "./lexicalBaseline";
import { FIXTURE, QUERIES, type FixtureQuery } from "./retrievalFixture";

type Style = FixtureQuery["style"];

export interface EvalResult {
  rows: { mode: "vector" | "fulltext" | "hybrid"; recallAt5: number; mrr: number; questions: number; byStyle: Record<Style, number> }[];
  /** Plain BM25 with Portuguese stemming on the same sources and questions: the lexical floor. */
  baseline: { recallAt5: number; mrr: number; byStyle: Record<Style, number> };
  canonicalInEveryPack: boolean;
  packs: number;
  embedder: string;
}

const STAGES = ["research", "brand-voice", "positioning", "keywords"] as const;

/** Recall@5 within each style of question (which questions were found, in QUERIES order). */
function recallByStyle(found: boolean[]): Record<Style, number> {
  const out = {} as Record<Style, number>;
  for (const style of ["same", "paraphrase", "cross"] as const) {
    const idx = QUERIES.map((q, i) => (q.style === style ? i : -1)).filter((i) => i >= 0);
    out[style] = idx.length ? idx.filter((i) => found[i]).length / idx.length : 0;
  }
  return out;
}

export async function runRetrievalEval(opts: { settingsFile?: string } = {}): Promise<EvalResult> {
  const fake = await startFakeLlmServer();
  fake.setResponder((req) => {
    const system: string = req.body.messages[0].content;
    const user: string = req.body.messages.at(-1).content;
    const brand = FIXTURE.find((b) => system.includes(`# Marca: ${b.brand.name}`));
    const stage = user.match(/\(([a-z-]+)\)\n\nEntregue/)?.[1] as (typeof STAGES)[number] | undefined;
    return { text: (brand && stage && brand.foundation[stage]) || "## Resposta\n\nok" };
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vm-eval-"));
  const saved = { ...process.env };
  process.env.VM_WORKSPACE = dir;
  process.env.VM_LLM_BASE_URL = fake.baseUrl;
  process.env.VM_LLM_API_KEY = "sk-eval";
  process.env.VM_SETTINGS = path.resolve(opts.settingsFile ?? "tests/fixtures/settings.test.yaml");
  const c = createContainer(loadSettings());
  try {
    const scope: Record<string, { brandId: string; productId: string; runId: string }> = {};
    for (const f of FIXTURE) {
      const brand = await c.brands.createBrand(f.brand);
      const product = await c.products.createProduct({ brand_id: brand.id, ...f.product });
      const thread = await c.threads.createThread({ product_id: product.id, title: "Avaliação" });
      const run = await c.runs.startRun({ thread_id: thread.id, stack: "foundation", request: `Fundação de marketing para ${f.product.name}` });
      await c.engine.idle();
      // Every gate in turn (research too, if the brand guard stopped it: this evaluation is about retrieval).
      for (let r = await c.runs.getRun(run.id); r.status === "waiting_approval"; r = await c.runs.getRun(run.id)) {
        const stage = r.stages.find((s) => s.status === "waiting_approval")!;
        await c.runs.approve(run.id, stage.id, { overrideReason: "avaliação de recuperação" });
        await c.engine.idle();
      }
      for (const fb of f.feedback) await c.runs.addFeedback({ run_id: run.id, stage_id: fb.stage, verdict: fb.verdict, comment: fb.comment });
      scope[f.key] = { brandId: brand.id, productId: product.id, runId: run.id };
    }
    await c.memory.idle();

    const isExpected = (s: RetrievedSnippet, q: FixtureQuery) => {
      const sc = scope[q.brand];
      switch (q.expect.kind) {
        case "artifact":
          return s.sourceKind === "artifact" && s.sourcePath.startsWith(`runs/${sc.runId}/artifacts/${q.expect.stage}/`);
        case "feedback":
          return s.sourceKind === "feedback" && s.sourcePath.startsWith(`runs/${sc.runId}/`);
        case "soul":
          return s.sourceKind === "soul" && s.sourceId === sc.brandId;
        case "essence":
          return s.sourceKind === "essence" && s.sourceId === sc.productId;
      }
    };
    const rows: EvalResult["rows"] = [];
    for (const mode of ["vector", "fulltext", "hybrid"] as const) {
      let hits = 0;
      let rr = 0;
      const found: boolean[] = [];
      for (const q of QUERIES) {
        const sc = scope[q.brand];
        const { snippets } = await c.memory.search({ query: q.query, brandId: sc.brandId, productId: sc.productId, topK: 5, sourceKinds: [...SOURCE_KINDS], mode });
        const rank = snippets.findIndex((s) => isExpected(s, q));
        found.push(rank >= 0);
        if (rank >= 0) {
          hits++;
          rr += 1 / (rank + 1);
        }
      }
      rows.push({ mode, recallAt5: hits / QUERIES.length, mrr: rr / QUERIES.length, questions: QUERIES.length, byStyle: recallByStyle(found) });
    }
    const base = await bm25PortugueseBaseline(QUERIES);
    const baseline = { recallAt5: base.recallAt5, mrr: base.mrr, byStyle: recallByStyle(base.hits) };

    // Canonical memory in every Context Pack, whatever retrieval returned.
    let packs = 0;
    let canonicalInEveryPack = true;
    for (const f of FIXTURE) {
      const run = await c.runs.getRun(scope[f.key].runId);
      for (const stage of run.stages) {
        for (const a of stage.attempts) {
          const read = await c.runs.getAttemptSnapshot(run.id, stage.id, a.n);
          if (read.format !== "current" || !read.snapshot.context_pack) throw new Error(`attempt ${stage.id}/${a.n} has no Context Pack`);
          const snap = { context_pack: read.snapshot.context_pack };
          const brandSection = snap.context_pack.sections.find((s) => s.kind === "brand")?.content ?? "";
          const productSection = snap.context_pack.sections.find((s) => s.kind === "product")?.content ?? "";
          packs++;
          canonicalInEveryPack &&= brandSection.includes(f.brand.soul_md.trim()) && productSection.includes(f.product.essence_md.trim());
        }
      }
    }
    return { rows, baseline, canonicalInEveryPack, packs, embedder: c.memory.embedderFingerprint };
  } finally {
    await c.close();
    await fake.close();
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
