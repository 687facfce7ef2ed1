import type { SnippetJson } from "./apiTypes";

/**
 * Where a retrieved chunk came from, as a page of the app: the run of an artifact, edit, decision or
 * feedback (its stage opened when the path names one), the campaign of a chat message, the brand or
 * product of canonical memory. Null when the chunk does not say enough.
 */
export function sourceHref(s: Pick<SnippetJson, "source_kind" | "source_id" | "source_path">): string | null {
  const path = s.source_path ?? "";
  const run = path.match(/^runs\/([^/]+)\/(?:artifacts\/([^/]+)\/)?/);
  const thread = path.match(/^threads\/([^/#]+)\//);
  const id = s.source_id ?? "";
  switch (s.source_kind) {
    case "artifact":
    case "edit":
    case "decision":
    case "feedback":
      if (!run) return null;
      return run[2] && run[2] !== "package.md" ? `/runs/${run[1]}?stage=${encodeURIComponent(run[2])}` : `/runs/${run[1]}`;
    case "chat":
      return thread ? `/threads/${thread[1]}` : null;
    case "soul":
      return id ? `/brands/${id}` : null;
    case "essence":
      return id ? `/products/${id}` : null;
    case "canonical_fields":
      if (id.startsWith("brd_")) return `/brands/${id}`;
      if (id.startsWith("prd_")) return `/products/${id}`;
      return null;
    default:
      return null;
  }
}

/** The badge colour of a source kind: episodic memory in warm tones, canonical memory in the accent. */
export const KIND_TONE: Record<string, string> = {
  artifact: "bg-sky-50 text-sky-800 ring-sky-200",
  edit: "bg-violet-50 text-violet-800 ring-violet-200",
  decision: "bg-amber-50 text-amber-900 ring-amber-200",
  feedback: "bg-rose-50 text-rose-800 ring-rose-200",
  chat: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  soul: "bg-accent-50 text-accent-800 ring-accent-200",
  essence: "bg-accent-50 text-accent-800 ring-accent-200",
  canonical_fields: "bg-accent-50 text-accent-800 ring-accent-200",
};
