import { createHash } from "node:crypto";
import { CANONICAL, fieldsOf, fieldsText, type CanonicalKind } from "../domain/canonical";
import { withMarkdown } from "../domain/canonicalReads";
import { parseChatLog } from "../domain/chat";
import { isSavedReply, type ChatMessage } from "../domain/chatMessage";
import { finalArtifact } from "../domain/finalArtifact";
import { chunkMarkdown } from "../domain/chunking";
import type { ChunkRecord } from "../domain/memory";
import { canonicalRepository, type BlobReader, type Repositories } from "../domain/ports";
import type { SourceKind } from "../domain/retrieval";
import type { Decision, Run } from "../domain/run";
import { variantLetter } from "../domain/variants";
import { layout } from "../domain/workspaceLayout";

// Builds, from SQLite and the files (the source of truth), the chunks each source should have in the
// index. The same functions serve incremental indexing and a rebuild from scratch.

export interface SourceChunks {
  sourceKind: SourceKind;
  sourceId: string;
  chunks: Omit<ChunkRecord, "embeddedBy" | "vector">[];
}

interface Scope {
  brandId: string;
  productId: string;
  threadId: string;
  runId: string;
}

const hash = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 32);

function fromMarkdown(kind: SourceKind, sourceId: string, scope: Scope, sourcePath: string, createdAt: string, md: string, maxChars: number, title = ""): SourceChunks {
  const chunks = chunkMarkdown(md, maxChars).map((c, i) => {
    const headingPath = [title, c.headingPath].filter(Boolean).join(" › ");
    return { id: `${kind}:${sourceId}:${i}`, ...scope, sourceKind: kind, sourceId, sourcePath, headingPath, text: c.text, createdAt, contentHash: hash(`${headingPath}\n${c.text}`) };
  });
  return { sourceKind: kind, sourceId, chunks };
}

function single(kind: SourceKind, sourceId: string, scope: Scope, sourcePath: string, createdAt: string, text: string, headingPath = ""): SourceChunks {
  return {
    sourceKind: kind,
    sourceId,
    chunks: text.trim() ? [{ id: `${kind}:${sourceId}:0`, ...scope, sourceKind: kind, sourceId, sourcePath, headingPath, text: text.trim(), createdAt, contentHash: hash(`${headingPath}\n${text.trim()}`) }] : [],
  };
}


export function createMemorySources(deps: { repos: Repositories; blobs: BlobReader; maxChars: number; indexChat: boolean }) {
  const { repos, blobs, maxChars } = deps;

  /** A brand's or product's markdown (by heading) and its fields (one chunk). */
  async function canonical(kind: CanonicalKind, id: string): Promise<SourceChunks[]> {
    const spec = CANONICAL[kind];
    const row = await canonicalRepository(repos, kind).get(id);
    if (!row) return [];
    const e = await withMarkdown(blobs, kind, row);
    const brandId = row.brandId ?? row.id;
    const scope = { brandId, productId: kind === "product" ? id : "", threadId: "", runId: "" };
    const paths = spec.paths(row);
    const markdown = (e as unknown as Record<string, string>)[spec.markdown.key];
    return [
      fromMarkdown(spec.markdown.sourceKind, id, scope, paths.markdown, row.updatedAt, markdown, maxChars, `${spec.markdown.label}: ${e.name}`),
      single("canonical_fields", id, scope, paths.json, row.updatedAt, fieldsText(spec, fieldsOf(spec, e)), `${spec.heading}: ${e.name}`),
    ];
  }

  function messageChunks(m: ChatMessage, thread: { id: string; brandId: string; productId: string }): SourceChunks {
    const scope = { brandId: thread.brandId, productId: thread.productId, threadId: thread.id, runId: "" };
    if (!deps.indexChat || !isSavedReply(m) || !m.content.trim()) return { sourceKind: "chat", sourceId: m.id, chunks: [] };
    const who = m.role === "user" ? "Usuário" : "Assistente";
    return fromMarkdown("chat", m.id, scope, `${layout.chat(thread.id)}#${m.seq}`, m.createdAt, m.content, maxChars, `Chat (${who})`);
  }

  async function message(threadId: string, messageId: string): Promise<SourceChunks[]> {
    const thread = await repos.threads.get(threadId);
    if (!thread) return [];
    const m = parseChatLog((await blobs.read(layout.chat(threadId))) ?? "").find((x) => x.id === messageId);
    return m ? [messageChunks(m, thread)] : [{ sourceKind: "chat", sourceId: messageId, chunks: [] }];
  }

  async function thread(threadId: string): Promise<SourceChunks[]> {
    const t = await repos.threads.get(threadId);
    if (!t) return [];
    return parseChatLog((await blobs.read(layout.chat(threadId))) ?? "").map((m) => messageChunks(m, t));
  }

  /**
   * A choice among variants as a preference: which one the reviewer took over which, with the opening
   * of each text — what a later generation should lean towards, and away from.
   */
  async function preference(r: Run, d: Decision, stageTitle: string): Promise<string> {
    const stage = r.stages.find((s) => s.id === d.stageId);
    const opening = async (n: number) => {
      const a = stage?.attempts.find((x) => x.n === n);
      const md = a?.artifactPath ? ((await blobs.read(a.artifactPath)) ?? "") : "";
      const letter = a ? variantLetter(a) : null;
      return `${letter ?? n}: “${md.replace(/\s+/g, " ").trim().slice(0, 240)}”`;
    };
    const chosen = await opening(d.chosenAttempt!);
    const others = await Promise.all(d.rejectedAttempts!.map(opening));
    return `Entre variantes da etapa "${stageTitle}" (${r.stack}), o revisor escolheu ${chosen} em vez de ${others.join("; ")}.${d.comment ? ` ${d.comment}` : ""}`;
  }

  /** A run's approved artifacts (the reviewer's edit when there is one), its decisions and its feedback. */
  async function run(runId: string): Promise<SourceChunks[]> {
    const r: Run | null = await repos.runs.get(runId);
    if (!r) return [];
    const t = await repos.threads.get(r.threadId);
    if (!t) return [];
    const scope = { brandId: t.brandId, productId: t.productId, threadId: t.id, runId };
    const [artifacts, decisions, feedback] = await Promise.all([repos.runs.listArtifacts(runId), repos.runs.listDecisions(runId), repos.runs.listFeedback(runId)]);
    const out: SourceChunks[] = [];
    const title = (stageId: string | null) => r.stages.find((s) => s.id === stageId)?.title ?? stageId ?? "";
    for (const stage of r.stages) {
      const ofStage = artifacts.filter((a) => a.stageId === stage.id);
      const final = finalArtifact(artifacts, stage);
      for (const a of ofStage) {
        // A re-run's reused artifact is a copy of one memory already holds (from the original run).
        if (a !== final || a.reusedFrom) {
          out.push({ sourceKind: a.kind === "edit" ? "edit" : "artifact", sourceId: a.id, chunks: [] });
          continue;
        }
        const md = (await blobs.read(a.relativePath)) ?? "";
        out.push(fromMarkdown(a.kind === "edit" ? "edit" : "artifact", a.id, scope, a.relativePath, a.createdAt, md, maxChars, `${r.stack} › ${stage.title}`));
      }
    }
    for (const d of decisions) {
      const verb = { approve: "aprovou", edit_approve: "editou e aprovou", skip: "pulou", retry: "pediu nova tentativa de", cancel: "cancelou" }[d.action];
      const worth = d.comment || d.action === "skip" || d.action === "edit_approve";
      let text = worth ? `O revisor ${verb} a etapa "${title(d.stageId)}" (${r.stack})${d.comment ? `: ${d.comment}` : "."}` : "";
      if (d.chosenAttempt !== null && d.rejectedAttempts?.length) text = await preference(r, d, title(d.stageId));
      out.push(single("decision", d.id, scope, layout.events(runId), d.createdAt, text, `Decisão · ${r.stack} › ${title(d.stageId)}`));
    }
    for (const f of feedback) {
      const verdict = f.verdict === "worked" ? "funcionou" : "não funcionou";
      const what = f.stageId ? `a etapa "${title(f.stageId)}"` : `a execução do stack ${r.stack}`;
      out.push(single("feedback", f.id, scope, layout.events(runId), f.createdAt, `Feedback: ${what} ${verdict}.${f.comment ? ` ${f.comment}` : ""}`, `Feedback · ${r.stack}`));
    }
    return out;
  }

  /** Every source of the workspace (for a rebuild and for the catch-up at start). */
  async function all(): Promise<SourceChunks[]> {
    const out: SourceChunks[] = [];
    for (const b of await repos.brands.list()) {
      out.push(...(await canonical("brand", b.id)));
      for (const p of await repos.products.listByBrand(b.id)) out.push(...(await canonical("product", p.id)));
      for (const t of await repos.threads.listByBrand(b.id)) {
        out.push(...(await thread(t.id)));
        for (const r of await repos.runs.listByThread(t.id)) out.push(...(await run(r.id)));
      }
    }
    return out;
  }

  return { canonical, message, run, all };
}
export type MemorySources = ReturnType<typeof createMemorySources>;
