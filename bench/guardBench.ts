// The brand guard's time on artifacts of 2k and 20k characters (target: ≤ 10 ms p95 at 20k), beside the
// time of only parsing the same markdown (remark + GFM), which every run of the guard includes.
import { parseMarkdown } from "../lib/domain/chunking";
import { runGuard } from "../lib/domain/guard/runGuard";
import { BRANDS, CASES } from "../eval/guard/cases";
import { percentile, round, type BenchRow } from "./stats";

function artifactOf(chars: number): string {
  const parts = ["## Público\n\nBaristas caseiros.\n\n## Mensagem central\n\nFrescor toda semana.\n"];
  for (let i = 0; parts.join("\n\n").length < chars; i++) parts.push(CASES[i % CASES.length].markdown.replace(/^#+ .*$/gm, `## Seção ${i}`));
  parts.push("## Lacunas\n\nNenhuma.");
  return parts.join("\n\n").slice(0, chars);
}

function time(fn: () => void, runs: number): number[] {
  for (let i = 0; i < 20; i++) fn(); // warm up
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

export async function guardBench(): Promise<BenchRow[]> {
  const brand = BRANDS[0];
  const rows: BenchRow[] = [];
  for (const chars of [2_000, 20_000]) {
    const markdown = artifactOf(chars);
    const input = {
      markdown,
      lang: "pt-BR" as const,
      brand: { name: brand.name, taboos: brand.taboos, language: brand.language, mutes: [] },
      proof: { canon: brand.canon, request: "Campanha de inverno", upstream: [markdown.slice(0, 4000)] },
      stage: { requiredSections: ["Público", "Mensagem central", "Lacunas"], limits: [{ label: "Título", line_prefix: "Título", max_line_chars: 30 }] },
    };
    const guard = time(() => runGuard(input), 200);
    const parse = time(() => parseMarkdown(markdown), 200);
    const label = `${chars / 1000}k chars`;
    rows.push(
      { benchmark: "guard", metric: `check p50 (${label})`, value: round(percentile(guard, 50)), unit: "ms", note: `${runGuard(input).findings.length} findings` },
      { benchmark: "guard", metric: `check p95 (${label})`, value: round(percentile(guard, 95)), unit: "ms", note: chars === 20_000 ? "target ≤ 10 ms" : "" },
      { benchmark: "guard", metric: `markdown parse alone p95 (${label})`, value: round(percentile(parse, 95)), unit: "ms", note: `floor: guard / parse = ${round(percentile(guard, 95) / percentile(parse, 95), 1)}×` },
    );
  }
  return rows;
}
