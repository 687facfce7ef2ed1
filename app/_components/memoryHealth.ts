import type { Dictionary } from "../_i18n/pt-BR";

/** The embedding model's state as the API reports it (GET /memory/status → embedder). */
export interface EmbedderStateJson {
  provider: string;
  state: string;
  progress: number | null;
}

const pct = (p: number | null) => (p === null ? null : Math.round(p * 100));

/** Why vector search is off right now, in the reader's words; null when vectors work. */
export function vectorsOffReason(t: Dictionary, e: EmbedderStateJson): string | null {
  switch (e.state) {
    case "ready":
      return null;
    case "disabled":
      return t.memory.vectorsOff.disabled;
    case "loading":
      return t.memory.vectorsOff.loading;
    case "downloading":
      return t.memory.vectorsOff.downloading(pct(e.progress));
    default:
      return e.provider === "openai-compatible" ? t.memory.vectorsOff.remote : t.memory.vectorsOff.unavailable;
  }
}

/** The header's small badge: memory answering with words only, or the model downloading; null otherwise. */
export function memoryBadge(t: Dictionary, e: EmbedderStateJson): string | null {
  if (e.state === "downloading") return t.memory.badge.downloading(pct(e.progress));
  if (e.state === "unavailable" || e.state === "disabled") return t.memory.badge.fulltext;
  return null;
}
