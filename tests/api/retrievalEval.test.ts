import { expect, test } from "vitest";
import { runRetrievalEval } from "@/eval/retrievalEval";

// The evaluation set runs in every `npm test` with floors a regression would break. Measured with the
// tiny test model on 35 questions (same words, paraphrased / unaccented / other inflections, other
// language): full-text 0.943 recall@5, 0.877 MRR (0.829 / 0.736 before the lexical form, 0.943 / 0.863
// before the brand cache's BM25 over each brand's own statistics); hybrid 0.943 / 0.694; vector 0.686;
// plain BM25 with Portuguese stemming on the same set 0.914 / 0.810. `npm run eval:retrieval` prints the
// same figures. The set is deterministic, so the floors sit just under them.
test("retrieval quality stays above its floors, lexical retrieval beats plain Portuguese BM25, and canonical memory is in every Context Pack", async () => {
  const r = await runRetrievalEval();
  const by = Object.fromEntries(r.rows.map((row) => [row.mode, row]));
  expect(by.fulltext.recallAt5).toBeGreaterThanOrEqual(0.94);
  expect(by.fulltext.byStyle.paraphrase).toBeGreaterThanOrEqual(0.95);
  expect(by.fulltext.mrr).toBeGreaterThanOrEqual(0.87);
  // The floor it is measured against, on the same sources and questions.
  expect(by.fulltext.recallAt5).toBeGreaterThanOrEqual(r.baseline.recallAt5);
  expect(by.fulltext.mrr).toBeGreaterThan(r.baseline.mrr);
  expect(by.hybrid.recallAt5).toBeGreaterThanOrEqual(0.94);
  expect(by.hybrid.mrr).toBeGreaterThanOrEqual(0.68);
  expect(by.vector.recallAt5).toBeGreaterThanOrEqual(0.68);
  expect(r.canonicalInEveryPack).toBe(true);
  expect(r.packs).toBe(8);
}, 120_000);

test("retrieval through LanceDB alone (hosted mode, brands over the cache's budget) stays above its floors too", async () => {
  const r = await runRetrievalEval({ settingsFile: "tests/fixtures/settings.nocache.yaml" });
  const by = Object.fromEntries(r.rows.map((row) => [row.mode, row]));
  expect(by.fulltext.recallAt5).toBeGreaterThanOrEqual(0.94);
  expect(by.fulltext.mrr).toBeGreaterThanOrEqual(0.85);
  expect(by.fulltext.recallAt5).toBeGreaterThanOrEqual(r.baseline.recallAt5);
  expect(by.hybrid.recallAt5).toBeGreaterThanOrEqual(0.94);
  expect(by.hybrid.mrr).toBeGreaterThanOrEqual(0.68);
  expect(by.vector.recallAt5).toBeGreaterThanOrEqual(0.68);
}, 120_000);
