import type { Draft, GuardContext } from "../context";
import { fold, sameWord, termStems, tokenize } from "../../words";

// taboo (block): a word or phrase the brand never uses, in any inflection — but never inside another
// word, and never where the text only lists it as a word to avoid (a voice guide naming its taboos).

/** Headings of a section that lists words to avoid: what is written under them is mentioned, not used. */
const AVOID_HEADING = /evit|proib|tabu|nunca|nao (use|usar|diga|dizer)|palavras? (a|que) (evitar|nao)|avoid|banned|forbidden|taboo|don'?t (use|say)|do not (use|say)|never/;
/** On the same line, before the word: the text is telling the reader not to use it. */
const AVOID_CUE = /(evit[ae]r?|nao (use|usar|diga|dizer|escreva)|nunca (use|usar|diga|dizer|escreva)|sem usar|avoid|never (use|say|write)|don'?t (use|say|write)|do not (use|say|write))\b/;

function isMention(ctx: GuardContext, start: number, end: number): boolean {
  const section = ctx.sectionAt(start);
  if (section && AVOID_HEADING.test(fold(section.heading))) return true;
  const line = ctx.lineText(start);
  const lineStart = start - ctx.text.lastIndexOf("\n", start - 1) - 1;
  const before = fold(line.slice(0, lineStart));
  const quoted = /["“'‘`*_]$/.test(ctx.text.slice(Math.max(0, start - 1), start)) && /^["”'’`*_]/.test(ctx.text.slice(end, end + 1));
  return AVOID_CUE.test(before) && quoted;
}

export function tabooRule(ctx: GuardContext): Draft[] {
  const out: Draft[] = [];
  const words = ctx.words();
  for (const taboo of ctx.input.brand.taboos) {
    const term = tokenize(taboo).map((w) => termStems(w.text));
    if (!term.length) continue;
    // Stems only cut endings: a word can stand for the term's first word only if it starts the same way.
    const heads = [...new Set([...term[0].pt, ...term[0].en].map((st) => st.slice(0, 3)))];
    for (let i = 0; i + term.length <= words.length; i++) {
      if (!heads.some((h) => words[i].folded.startsWith(h))) continue;
      if (!term.every((t, j) => sameWord(ctx.stems(words[i + j]), t))) continue;
      const start = words[i].start;
      const end = words[i + term.length - 1].end;
      const evidence = ctx.text.slice(start, end);
      // A phrase's words must follow each other (spaces or hyphens between), not straddle sentences.
      if (term.length > 1 && /[^\s\-–]/.test(ctx.text.slice(start, end).replace(/[\p{L}\p{N}'’]+/gu, ""))) continue;
      if (isMention(ctx, start, end)) continue;
      out.push({
        rule: "taboo",
        severity: "block",
        key: `taboo:${fold(taboo)}`,
        evidence,
        at: start,
        message: ctx.say(`“${evidence}” é um tabu da marca (“${taboo}”).`, `“${evidence}” is one of the brand's taboos (“${taboo}”).`),
        suggestion: ctx.say(`Reescreva sem “${taboo}” nem suas variações.`, `Rewrite without “${taboo}” or any of its forms.`),
      });
    }
  }
  return out;
}
