import type { Brand } from "./brand";
import { CANONICAL, entityText } from "./canonical";
import { GUARDRAILS } from "./guardrails";
import type { LlmMessage } from "./llm";
import type { Product } from "./product";
import type { RetrievalMode, RetrievedSnippet } from "./retrieval";
import { estimateTokens } from "./tokens";

// The Context Pack: everything a stage is given, in a fixed order, with where each part came from.
// The snapshot of each attempt stores it whole, so every artifact can be explained.

export type SectionKind = "guardrails" | "brand" | "product" | "memory" | "contract" | "upstream" | "request" | "feedback";

export interface PackSection {
  kind: SectionKind;
  title: string;
  content: string;
  /** Where the content came from (files, snippets), for the audit view. */
  sources: Record<string, unknown>[];
  tokens: number;
}

export interface TrimRecord {
  kind: "memory_snippet" | "upstream_truncated";
  ref: string;
  tokens: number;
  reason: string;
}

export interface UpstreamArtifact {
  stageId: string;
  title: string;
  content: string;
  artifactPath: string;
}

export interface ContextPack {
  sections: PackSection[];
  trimmed: TrimRecord[];
  tokenEstimate: number;
  budget: number;
  overBudget: boolean;
  retrieval: { query: string; snippets: RetrievedSnippet[]; error: string | null; mode: RetrievalMode | null };
}

export interface ContextPackInput {
  brand: Brand;
  product: Product;
  retrievalQuery: string;
  snippets: RetrievedSnippet[];
  stage: { id: string; title: string; output: string };
  contract: string;
  contractPath: string;
  upstream: UpstreamArtifact[];
  /** Stages this one depends on that were skipped: their output is deliberately absent. */
  skippedUpstream: string[];
  request: string;
  feedback: string | null;
  budget: number;
  /** Why retrieval gave nothing, when it failed (recorded, never fatal). */
  retrievalError?: string | null;
  /** How retrieval searched (null: it did not run). */
  retrievalMode?: RetrievalMode | null;
}

const section = (kind: SectionKind, title: string, content: string, sources: Record<string, unknown>[] = []): PackSection => ({
  kind,
  title,
  content,
  sources,
  tokens: estimateTokens(content),
});

function snippetText(s: RetrievedSnippet): string {
  const where = [s.sourcePath, s.headingPath].filter(Boolean).join(" › ");
  return `### [${s.sourceKind}] ${where} (${s.createdAt.slice(0, 10)}, score ${s.score.toFixed(3)})\n\n${s.text.trim()}`;
}

/** The "Retrieved memory" text, the same in a stage's Context Pack and in a chat reply's system message. */
export function memoryText(snippets: RetrievedSnippet[]): string {
  const body = snippets.length
    ? snippets.map(snippetText).join("\n\n")
    : "_Nenhuma memória episódica relevante foi recuperada._";
  return `# Memória recuperada (episódica)\n\n${body}`;
}

function memorySection(snippets: RetrievedSnippet[]): PackSection {
  return section(
    "memory",
    "Memória recuperada",
    memoryText(snippets),
    snippets.map((s) => ({ id: s.id, source_kind: s.sourceKind, source_id: s.sourceId, source_path: s.sourcePath, heading_path: s.headingPath, created_at: s.createdAt, score: s.score })),
  );
}

function upstreamSection(upstream: UpstreamArtifact[], skipped: string[]): PackSection {
  const parts = upstream.map((u) => `## ${u.title} (${u.stageId})\n\n${u.content.trim()}`);
  for (const s of skipped) parts.push(`## ${s}\n\n_Etapa pulada pelo revisor: não use nem presuma o seu conteúdo._`);
  return section(
    "upstream",
    "Artefatos aprovados das etapas anteriores",
    `# Artefatos aprovados das etapas anteriores\n\n${parts.join("\n\n") || "_Nenhum._"}`,
    upstream.map((u) => ({ stage_id: u.stageId, artifact_path: u.artifactPath })),
  );
}

/**
 * Builds the pack in the documented order and enforces the token budget: canonical memory and the
 * contract are never dropped; retrieved snippets go first (lowest score first), then upstream artifacts
 * are shortened (longest first). Everything removed is listed in `trimmed`.
 */
export function buildContextPack(input: ContextPackInput): ContextPack {
  const trimmed: TrimRecord[] = [];
  const snippets = [...input.snippets];
  const upstream = input.upstream.map((u) => ({ ...u }));

  const assemble = () => [
    section("guardrails", "Sistema / guardrails", GUARDRAILS),
    section("brand", "Marca (canônico)", entityText(CANONICAL.brand, input.brand), [
      { brand_id: input.brand.id, canonical_version: input.brand.canonicalVersion },
    ]),
    section("product", "Produto (canônico)", entityText(CANONICAL.product, input.product), [
      { product_id: input.product.id, canonical_version: input.product.canonicalVersion },
    ]),
    memorySection(snippets),
    section(
      "contract",
      `Contrato da etapa: ${input.stage.title}`,
      `# Contrato da etapa "${input.stage.title}" (${input.stage.id})\n\nEntregue um único documento markdown (${input.stage.output}).\n\n${input.contract.trim()}`,
      [{ contract_path: input.contractPath }],
    ),
    upstreamSection(upstream, input.skippedUpstream),
    section("request", "Pedido do usuário", `# Pedido do usuário\n\n${input.request.trim()}`),
    ...(input.feedback
      ? [section("feedback", "Feedback do revisor", `# Feedback do revisor para esta nova tentativa\n\n${input.feedback.trim()}\n\nReescreva o entregável inteiro atendendo a este feedback.`)]
      : []),
  ];
  const total = (s: PackSection[]) => s.reduce((n, x) => n + x.tokens, 0);

  let sections = assemble();
  while (total(sections) > input.budget && snippets.length) {
    let lowest = 0;
    snippets.forEach((s, i) => (s.score < snippets[lowest].score ? (lowest = i) : undefined));
    const [dropped] = snippets.splice(lowest, 1);
    trimmed.push({ kind: "memory_snippet", ref: dropped.id, tokens: estimateTokens(dropped.text), reason: "token budget" });
    sections = assemble();
  }
  while (total(sections) > input.budget) {
    const longest = upstream.reduce<UpstreamArtifact | null>((a, u) => (!a || u.content.length > a.content.length ? u : a), null);
    if (!longest || longest.content.length < 400) break;
    const excess = (total(sections) - input.budget) * 3.5;
    const keep = Math.max(200, Math.floor(longest.content.length - excess - 100));
    trimmed.push({ kind: "upstream_truncated", ref: longest.stageId, tokens: estimateTokens(longest.content.slice(keep)), reason: "token budget" });
    longest.content = `${longest.content.slice(0, keep)}\n\n_[… truncado para caber no orçamento de contexto]_`;
    sections = assemble();
  }
  const tokenEstimate = total(sections);
  return {
    sections,
    trimmed,
    tokenEstimate,
    budget: input.budget,
    overBudget: tokenEstimate > input.budget,
    // everything the retriever answered (the search answer for this query), trimmed or not
    retrieval: { query: input.retrievalQuery, snippets: input.snippets, error: input.retrievalError ?? null, mode: input.retrievalMode ?? null },
  };
}

const SYSTEM_KINDS: SectionKind[] = ["guardrails", "brand", "product", "memory"];

/** System: guardrails, canonical memory, recalled memory. User: contract, upstream, request, feedback. */
export function packMessages(pack: ContextPack): LlmMessage[] {
  const join = (kinds: (k: SectionKind) => boolean) =>
    pack.sections.filter((s) => kinds(s.kind)).map((s) => s.content).join("\n\n---\n\n");
  return [
    { role: "system", content: join((k) => SYSTEM_KINDS.includes(k)) },
    { role: "user", content: join((k) => !SYSTEM_KINDS.includes(k)) },
  ];
}
