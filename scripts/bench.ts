// `npm run bench`: every benchmark, one table, also written to bench-results/latest.json.
// Figures, not pass/fail: compare runs on the same machine. Needs a build (`npm run build`) for the
// benchmarks that start the real server.
import fs from "node:fs";
import path from "node:path";
import { engineOverhead } from "../bench/engineOverhead";
import { sseFanout } from "../bench/sseFanout";
import { concurrencyBench } from "../bench/concurrencyBench";
import { guardBench } from "../bench/guardBench";
import { memoryBench } from "../bench/memoryBench";
import { serverBench } from "../bench/serverBench";
import { transferBench } from "../bench/transferBench";
import { hostedBench } from "../bench/hostedBench";
import type { BenchRow } from "../bench/stats";

const BENCHMARKS: [string, () => Promise<BenchRow[]>][] = [
  ["engine overhead", () => engineOverhead()],
  ["SSE fan-out", () => sseFanout()],
  ["concurrency", () => concurrencyBench()],
  ["memory", () => memoryBench()],
  ["guard", () => guardBench()],
  ["server", () => serverBench()],
  ["transfer", () => transferBench()],
  ["hosted", () => hostedBench()],
];

async function main() {
  if (!fs.existsSync(path.join(".next", "BUILD_ID"))) {
    console.error("No build: run `npm run build` first (the SSE benchmark serves the production build).");
    process.exit(1);
  }
  const only = process.argv[2];
  const rows: BenchRow[] = [];
  for (const [name, run] of BENCHMARKS) {
    if (only && !name.includes(only)) continue;
    process.stderr.write(`running ${name}…\n`);
    rows.push(...(await run()));
  }
  const table = [
    "| benchmark | metric | value | unit | note |",
    "| --- | --- | ---: | --- | --- |",
    ...rows.map((r) => `| ${r.benchmark} | ${r.metric} | ${r.value} | ${r.unit} | ${r.note ?? ""} |`),
  ].join("\n");
  console.log(table);
  fs.mkdirSync("bench-results", { recursive: true });
  fs.writeFileSync(
    path.join("bench-results", "latest.json"),
    JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: (await import("node:os")).cpus().length, rows }, null, 2) + "\n",
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
