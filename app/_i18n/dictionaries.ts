import { en } from "./en";
import { ptBR, type Dictionary } from "./pt-BR";

export type Lang = "pt-BR" | "en";

export const LANGS: readonly Lang[] = ["pt-BR", "en"];

/** Name of the cookie that holds the reader's language choice. */
export const LANG_COOKIE = "vm_lang";

export const dictionaries: Record<Lang, Dictionary> = { "pt-BR": ptBR, en };

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value);
}
