import type { Lang } from "./dictionaries";

/** A timestamp as the reader expects it (formatted on the server, so client and server never disagree). */
export function formatDateTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

export function formatDate(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium" }).format(new Date(iso));
}

/** `{name}` placeholders of a catalog text (server and client components alike). */
export const fillIn = (text: string, vars: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? "");
