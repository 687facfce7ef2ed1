import * as snowballModule from "snowball-stemmers";

// Words as the brand guard and lexical retrieval compare them: case- and accent-insensitive, by stem
// (Snowball, Portuguese and English), with the inflections Snowball leaves alone — Portuguese plurals in
// -ões/-ães, diminutives (-inho, -zinho), superlatives (-íssimo, -érrimo); English comparatives and superlatives.

// A UMD module: its functions are the namespace itself under CommonJS loaders (tsx scripts) and its
// default export under ES-module ones (Next, Vitest).
const snowball = ("newStemmer" in snowballModule ? snowballModule : (snowballModule as unknown as { default: typeof snowballModule }).default) as typeof snowballModule;
const pt = snowball.newStemmer("portuguese");
const en = snowball.newStemmer("english");

export interface Token {
  text: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** The words of a text with their offsets; hyphens, punctuation and markup separate words. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) out.push({ text: m[0], start: m.index!, end: m.index! + m[0].length });
  return out;
}

export const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

/** Words that end like diminutives but are words of their own ("carinho" is affection, not a small "caro"). */
const NOT_DIMINUTIVE = new Set(
  "carinho carinhos caminho caminhos vizinho vizinha vizinhos sozinho sozinha vinho vinhos ninho linho pinho espinho moinho padrinho madrinha cozinha farinha rainha galinha sardinha marinho golfinho pergaminho focinho adivinho mesquinho mesquinha andorinha campainha bainha tainha ladainha".split(" "),
);

/** Portuguese forms Snowball does not reduce, brought to the form it does (accents still on). */
function ptBase(word: string): string[] {
  const w = word.toLowerCase();
  if (NOT_DIMINUTIVE.has(fold(w))) return [w];
  const forms = [w];
  const plural = w.replace(/(õe|ãe|ão)s$/, "ão");
  if (plural !== w) forms.push(plural);
  for (const [re, to] of [
    [/zinh([oa])s?$/, ""],
    [/inh([oa])s?$/, "$1"],
    [/íssim([oa])s?$/, "$1"],
    [/issim([oa])s?$/, "$1"],
    [/érrim([oa])s?$/, "$1"],
  ] as const) {
    if (re.test(w)) {
      const base = w.replace(re, to);
      if (base.length >= 3) forms.push(base);
    }
  }
  return forms;
}

/** English comparatives, superlatives and adverbs (cheaper, cheapest, bigger, happiest, cheaply) brought to the base. */
function enBase(word: string): string[] {
  const w = word.toLowerCase();
  const forms = [w];
  const adverb = w.match(/^(.{3,})ly$/);
  if (adverb) forms.push(adverb[1]); // cheaply → cheap
  const m = w.match(/^(.{3,}?)(er|est)$/);
  if (m) {
    const stem = m[1];
    forms.push(stem);
    if (/(.)\1$/.test(stem)) forms.push(stem.slice(0, -1)); // bigger → big
    if (stem.endsWith("i")) forms.push(stem.slice(0, -1) + "y"); // happier → happy
  }
  return forms;
}

export interface Stems {
  pt: Set<string>;
  en: Set<string>;
}

/** Every stem a word of the text may stand for, accent-folded, per language (with the extra reductions). */
export function stemsOf(word: string): Stems {
  return {
    pt: new Set(ptBase(word).map((f) => fold(pt.stem(f)))),
    en: new Set(enBase(word).map((f) => fold(en.stem(f)))),
  };
}

/** The stems a word of a term (a taboo, a phrase) is matched by. */
export function termStems(word: string): Stems {
  const w = word.toLowerCase();
  return { pt: new Set([fold(pt.stem(w))]), en: new Set([fold(en.stem(w))]) };
}

/** Does a word of the text stand for this word of a term? Portuguese stems with Portuguese, English with English. */
export function sameWord(text: Stems, term: Stems): boolean {
  for (const s of term.pt) if (text.pt.has(s)) return true;
  for (const s of term.en) if (text.en.has(s)) return true;
  return false;
}
