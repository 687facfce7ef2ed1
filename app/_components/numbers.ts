// Numbers and durations for the reader (pure: usable on the server and in the browser).

export function formatNumber(n: number, lang: string): string {
  return new Intl.NumberFormat(lang).format(n);
}

/** 850 ms · 4,2 s · 3 min 05 s · 1 h 02 min */
export function formatDuration(ms: number, lang: string): string {
  if (!Number.isFinite(ms) || ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${new Intl.NumberFormat(lang, { maximumFractionDigits: s < 10 ? 1 : 0 }).format(s)} s`;
  const total = Math.floor(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, "0")} min`;
  return `${m} min ${String(sec).padStart(2, "0")} s`;
}

/** A retrieval score, three decimals in the reader's format (0,832 in pt-BR). */
export function formatScore(score: number, lang: string): string {
  return new Intl.NumberFormat(lang, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(score);
}
