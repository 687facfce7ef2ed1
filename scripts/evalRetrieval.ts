// `npm run eval:retrieval [-- --settings <file>]`: recall@5 and MRR of vector-only, full-text-only and
// hybrid retrieval on the evaluation set (overall and per style of question), beside plain BM25 with
// Portuguese stemming on the same set (eval/retrievalFixture.ts), and whether canonical memory was in
// every Context Pack. By default it uses the tiny test embedding model; pass a settings file whose
// memory.embedding points at a real model (e.g. multilingual-e5-small in a local folder) to measure it.
import { runRetrievalEval } from "../eval/retrievalEval";

async function main() {
  const i = process.argv.indexOf("--settings");
  const r = await runRetrievalEval({ settingsFile: i > 0 ? process.argv[i + 1] : undefined });
  console.log(`embedder: ${r.embedder}`);
  const f = (n: number) => n.toFixed(3);
  console.log("| mode | recall@5 | MRR | same words | paraphrased | other language | questions |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const row of r.rows) {
    console.log(`| ${row.mode} | ${f(row.recallAt5)} | ${f(row.mrr)} | ${f(row.byStyle.same)} | ${f(row.byStyle.paraphrase)} | ${f(row.byStyle.cross)} | ${row.questions} |`);
  }
  const b = r.baseline;
  console.log(`| floor: plain BM25, Portuguese stemming | ${f(b.recallAt5)} | ${f(b.mrr)} | ${f(b.byStyle.same)} | ${f(b.byStyle.paraphrase)} | ${f(b.byStyle.cross)} | ${r.rows[0].questions} |`);
  console.log(`canonical memory in every Context Pack: ${r.canonicalInEveryPack ? "yes" : "NO"} (${r.packs} packs)`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
