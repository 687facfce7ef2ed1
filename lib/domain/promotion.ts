import { createTwoFilesPatch } from "diff";
import { CANONICAL, type CanonicalFields, type CanonicalKind } from "./canonical";

// A proposed change to canonical memory, from something that worked (an artifact, an approved edit, a
// piece of feedback). Nothing changes until the user confirms the previewed before → after.

export interface Promotion {
  id: string;
  entityType: CanonicalKind;
  entityId: string;
  status: "proposed" | "confirmed" | "discarded";
  /** The canonical state the preview was computed from, and the one it proposes. */
  proposal: { before: CanonicalState; after: CanonicalState };
  baseVersion: number;
  sourceKind: string | null;
  sourceId: string | null;
  note: string;
  createdAt: string;
  decidedAt: string | null;
  /** Hosted mode: the e-mail of who proposed it and of who confirmed or discarded it. */
  proposedBy?: string | null;
  decidedBy?: string | null;
}

/** Still waiting for the user to confirm or discard it. */
export const isPendingPromotion = (p: Pick<Promotion, "status">) => p.status === "proposed";

export interface CanonicalState {
  fields: CanonicalFields;
  markdown: string;
}

/** The markdown after a promotion: appended as its own paragraph, or replaced whole. */
export function promotedMarkdown(before: string, p: { markdown?: string; markdown_append?: string }): string {
  if (p.markdown !== undefined) return p.markdown;
  if (p.markdown_append === undefined) return before;
  const base = before.replace(/\s+$/, "");
  return `${base}${base ? "\n\n" : ""}${p.markdown_append.trim()}\n`;
}


/** The before → after of a promotion, field by field and as a unified diff of the markdown. */
export function promotionDiff(p: Promotion) {
  const fields = Object.keys(p.proposal.after.fields)
    .map((field) => ({ field, before: p.proposal.before.fields[field], after: p.proposal.after.fields[field] }))
    .filter((f) => JSON.stringify(f.before) !== JSON.stringify(f.after));
  const file = CANONICAL[p.entityType].markdown.file;
  const markdown =
    p.proposal.before.markdown === p.proposal.after.markdown
      ? ""
      : createTwoFilesPatch(file, file, p.proposal.before.markdown, p.proposal.after.markdown, `v${p.baseVersion}`, "proposta");
  return { fields, markdown };
}
