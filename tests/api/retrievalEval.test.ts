import { expect, test } from "vitest";
import { runRetrievalEval } from "@/eval/retrievalEval";

// The evaluation set runs in every `npm test` with floors a regression would break (measured with the
// tiny test model: vector 0.56 / full-text 0.83 / hybrid 0.89 recall@5). `npm run eval:retrieval`
// prints the same figures.
test("retrieval quality stays above its floors, and canonical memory is in every Context Pack", async () => {
  const r = await runRetrievalEval();
  const by = Object.fromEntries(r.rows.map((row) => [row.mode, row]));
  expect(by.fulltext.recallAt5).toBeGreaterThanOrEqual(0.75);
  expect(by.hybrid.recallAt5).toBeGreaterThanOrEqual(0.8);
  expect(by.vector.recallAt5).toBeGreaterThanOrEqual(0.45);
  expect(by.hybrid.mrr).toBeGreaterThanOrEqual(0.45);
  expect(by.fulltext.mrr).toBeGreaterThanOrEqual(0.6);
  expect(r.canonicalInEveryPack).toBe(true);
  expect(r.packs).toBe(8);
}, 120_000);
