// npm run eval:guard — the brand guard's precision and recall per rule on eval/guard/cases.ts.
import { runGuardEval } from "../eval/guard/guardEval";

const r = runGuardEval();
const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);
console.log(`brand guard evaluation: ${r.cases} labelled texts\n`);
console.log("| rule | precision | recall | tp | fp | fn |\n| --- | ---: | ---: | ---: | ---: | ---: |");
for (const s of r.rules) console.log(`| ${s.rule} | ${pct(s.precision)} | ${pct(s.recall)} | ${s.tp} | ${s.fp} | ${s.fn} |`);
if (r.misses.length) {
  console.log("\nmisses:");
  for (const m of r.misses) console.log(`- ${m.id}: ${m.kind} ${m.rule} “${m.evidence}”`);
}
