import { cookies } from "next/headers";
import { getContainer } from "@/lib/container";
import { dictionaries, isLang, LANG_COOKIE, type Lang } from "./dictionaries";
import type { Dictionary } from "./pt-BR";

/** The reader's language: the `vm_lang` cookie if set, else `ui.language` from settings. */
export async function getLang(): Promise<Lang> {
  const chosen = (await cookies()).get(LANG_COOKIE)?.value;
  return isLang(chosen) ? chosen : getContainer().settings.ui.language;
}

/** The catalog for the reader's language, for server components. */
export async function getDictionary(): Promise<{ lang: Lang; t: Dictionary }> {
  const lang = await getLang();
  return { lang, t: dictionaries[lang] };
}
