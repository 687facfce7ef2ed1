import { expect, test } from "vitest";
import { buildContextPack, packMessages, type ContextPackInput } from "@/lib/domain/contextPack";
import type { RetrievedSnippet } from "@/lib/domain/retrieval";

const brand = { id: "brd_1", name: "Café Aurora", audience: "baristas", tone: "caloroso", taboos: ["barato"], promise: "frescor", language: "pt-BR", guard_mutes: [], soulMd: "# Alma\n\nTorra fresca.", canonicalVersion: 3, createdAt: "", updatedAt: "" };
const product = { id: "prd_1", brandId: "brd_1", name: "Assinatura", offer: "mensal", price: "R$ 89", differentiator: "torra semanal", constraints: "sem promessas de saúde", essenceMd: "Essência.", canonicalVersion: 1, createdAt: "", updatedAt: "" };

const snippet = (id: string, score: number, size = 400): RetrievedSnippet => ({
  id, text: `${id} `.repeat(size / 4), sourceKind: "artifact", sourceId: "art_x", sourcePath: "runs/x/a.md", headingPath: "## H", createdAt: "2026-11-01T00:00:00.000Z", score,
});

const input = (over: Partial<ContextPackInput> = {}): ContextPackInput => ({
  brand, product,
  retrievalQuery: "q",
  snippets: [snippet("s1", 0.9), snippet("s2", 0.5), snippet("s3", 0.7)],
  stage: { id: "positioning", title: "Posicionamento", output: "positioning.md" },
  contract: "## Objetivo\n\nPosicionar.",
  contractPath: "stacks/foundation/contracts/positioning.md",
  upstream: [{ stageId: "research", title: "Pesquisa", content: "Pesquisa aprovada. ".repeat(50), artifactPath: "runs/x/artifacts/research/1.md" }],
  skippedUpstream: [],
  request: "Lançamento",
  feedback: "Mais curto",
  budget: 100_000,
  ...over,
});

test("sections come in the documented order and carry their sources", () => {
  const pack = buildContextPack(input());
  expect(pack.sections.map((s) => s.kind)).toEqual(["guardrails", "brand", "product", "memory", "contract", "upstream", "request", "feedback"]);
  expect(pack.sections[1].content).toContain("Torra fresca.");
  expect(pack.sections[1].content).toContain("Tabus (nunca usar): barato");
  expect(pack.sections[2].content).toContain("Restrições: sem promessas de saúde");
  expect(pack.sections[3].sources.map((s) => s.id)).toEqual(["s1", "s2", "s3"]);
  expect(pack.sections[3].content).toMatch(/score 0\.900/);
  expect(pack.sections[5].sources).toEqual([{ stage_id: "research", artifact_path: "runs/x/artifacts/research/1.md" }]);
  expect(pack.trimmed).toEqual([]);
  const [system, user] = packMessages(pack);
  expect(system.role).toBe("system");
  expect(system.content).toContain("Torra fresca.");
  expect(user.content.indexOf("Contrato")).toBeLessThan(user.content.indexOf("Pedido do usuário"));
  expect(user.content).toContain("Mais curto");
});

test("over budget, retrieved snippets go first, lowest score first, and are recorded", () => {
  const full = buildContextPack(input()).tokenEstimate;
  const pack = buildContextPack(input({ budget: full - 150 }));
  expect(pack.trimmed.map((t) => [t.kind, t.ref])).toEqual([["memory_snippet", "s2"], ["memory_snippet", "s3"]]);
  expect(pack.sections[3].sources.map((s) => s.id)).toEqual(["s1"]);
  expect(pack.tokenEstimate).toBeLessThanOrEqual(pack.budget);
  expect(pack.retrieval.snippets.map((s) => s.id)).toEqual(["s1", "s2", "s3"]); // what retrieval answered stays recorded
});

test("canonical memory and the contract are never dropped, even far over budget", () => {
  const pack = buildContextPack(input({ budget: 10 }));
  expect(pack.overBudget).toBe(true);
  expect(pack.sections.find((s) => s.kind === "brand")!.content).toContain("Torra fresca.");
  expect(pack.sections.find((s) => s.kind === "contract")!.content).toContain("Posicionar.");
  expect(pack.trimmed.filter((t) => t.kind === "memory_snippet")).toHaveLength(3);
  expect(pack.trimmed.some((t) => t.kind === "upstream_truncated" && t.ref === "research")).toBe(true);
  expect(pack.sections.find((s) => s.kind === "upstream")!.content).toContain("truncado");
});

test("a skipped upstream stage is named as skipped, without content", () => {
  const pack = buildContextPack(input({ upstream: [], skippedUpstream: ["Voz da marca (brand-voice)"], feedback: null }));
  expect(pack.sections.map((s) => s.kind)).not.toContain("feedback");
  expect(pack.sections.find((s) => s.kind === "upstream")!.content).toMatch(/Voz da marca \(brand-voice\)[\s\S]*pulada pelo revisor/);
});
