// `npm run eval:retrieval [-- --settings <file>]`: recall@5 and MRR of vector-only, full-text-only and
// hybrid retrieval on the evaluation set (eval/retrievalFixture.ts), and whether canonical memory was in
// every Context Pack. By default it uses the tiny test embedding model; pass a settings file whose
// memory.embedding points at a real model (e.g. multilingual-e5-small in a local folder) to measure it.
import { runRetrievalEval } from "../eval/retrievalEval";

async function main() {
  const i = process.argv.indexOf("--settings");
  const r = await runRetrievalEval({ settingsFile: i > 0 ? process.argv[i + 1] : undefined });
  console.log(`embedder: ${r.embedder}`);
  console.log("| mode | recall@5 | MRR | questions |");
  console.log("| --- | ---: | ---: | ---: |");
  for (const row of r.rows) console.log(`| ${row.mode} | ${row.recallAt5.toFixed(3)} | ${row.mrr.toFixed(3)} | ${row.questions} |`);
  console.log(`canonical memory in every Context Pack: ${r.canonicalInEveryPack ? "yes" : "NO"} (${r.packs} packs)`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
