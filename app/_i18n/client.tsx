"use client";

import { createContext, useContext, type ReactNode } from "react";
import { dictionaries, type Lang } from "./dictionaries";
import type { Dictionary } from "./pt-BR";

const LangContext = createContext<Lang>("pt-BR");

/** Makes the reader's language available to client components (the catalogs hold functions, so they are imported here, not passed). */
export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  return <LangContext.Provider value={lang}>{children}</LangContext.Provider>;
}

export function useLang(): Lang {
  return useContext(LangContext);
}

export function useT(): Dictionary {
  return dictionaries[useContext(LangContext)];
}
