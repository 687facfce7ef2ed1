import { franc } from "franc-min";
import type { Draft, GuardContext } from "../context";

// language (warn): the text is not in the brand's language (canonical field `language`, e.g. pt-BR).
// Identified by franc (trigram statistics) among the languages a brand is likely to write in.

const ISO3: Record<string, string> = { pt: "por", en: "eng", es: "spa", fr: "fra", it: "ita", de: "deu" };
const NAMES: Record<string, [string, string]> = {
  por: ["português", "Portuguese"],
  eng: ["inglês", "English"],
  spa: ["espanhol", "Spanish"],
  fra: ["francês", "French"],
  ita: ["italiano", "Italian"],
  deu: ["alemão", "German"],
};

/** Below this many letters the statistics say little: no verdict. */
const MIN_LETTERS = 80;

export function languageRule(ctx: GuardContext): Draft[] {
  const expected = ISO3[ctx.input.brand.language.slice(0, 2).toLowerCase()];
  if (!expected) return [];
  // A sample is enough for trigram statistics, and keeps a 20k-character artifact fast.
  const plain = ctx.plainSample().replace(/\s+/g, " ").slice(0, 3000);
  if ((plain.match(/[A-Za-zÀ-ÖØ-öø-ÿ]/g) ?? []).length < MIN_LETTERS) return [];
  const found = franc(plain, { only: Object.values(ISO3), minLength: 40 });
  if (found === "und" || found === expected) return [];
  const [ptFound, enFound] = NAMES[found] ?? [found, found];
  const [ptWanted, enWanted] = NAMES[expected];
  return [
    {
      rule: "language",
      severity: "warn",
      key: `language:${found}`,
      evidence: plain.trim().slice(0, 80),
      at: null,
      message: ctx.say(`O texto parece estar em ${ptFound}; a marca escreve em ${ptWanted} (${ctx.input.brand.language}).`, `The text reads as ${enFound}; the brand writes in ${enWanted} (${ctx.input.brand.language}).`),
      suggestion: ctx.say(`Peça de novo em ${ptWanted}.`, `Ask again in ${enWanted}.`),
    },
  ];
}
