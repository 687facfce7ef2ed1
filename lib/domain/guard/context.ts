import type { LengthLimit } from "../stackDefinition";
import { fold, stemsOf, tokenize, type Stems, type Token } from "../words";


export interface GuardInput {
  markdown: string;
  /** The language findings are written in. */
  lang: "pt-BR" | "en";
  brand: { name: string; taboos: string[]; language: string; mutes: string[] };
  /** Where prices, offers and claims may be backed: the canon (fields and markdown), the request, approved upstream artifacts. */
  proof: { canon: string[]; request: string; upstream: string[] };
  /** The stage's contract, when the text is a stage's artifact. */
  stage?: { requiredSections: string[]; limits: LengthLimit[] } | null;
}

export interface Section {
  heading: string;
  depth: number;
  /** Offset of the heading line itself. */
  at: number;
  /** Offsets of the section's body (after its heading line) in the markdown. */
  start: number;
  end: number;
}

export interface WordToken extends Token {
  /** Accent-folded, lower case. */
  folded: string;
}

/** What every rule reads, computed once per check. */
export interface GuardContext {
  input: GuardInput;
  text: string;
  /** H1–H3 headings with the span of their sections (H4+ are body text here, as in chunking). */
  sections: Section[];
  /** Offset of the first heading of any level (the end of a preamble); the text's length when none. */
  firstHeadingAt: number;
  /** The start of the text (8,000 characters) without markup, code or tables: what a reader reads; enough to identify a language. */
  plainSample(): string;
  /** The text accent-folded and in lower case (cheap pre-checks before a costly pattern). */
  folded(): string;
  words(): WordToken[];
  /** The stems of a word of the text (computed once per distinct word). */
  stems(word: WordToken): Stems;
  /** Accent-folded, lower-case text of everything that can back a claim or a price. */
  proofText: string;
  /** The 1-based line of an offset. */
  lineOf(offset: number): number;
  /** The full line an offset is on. */
  lineText(offset: number): string;
  /** The section (by heading) an offset falls in, if any. */
  sectionAt(offset: number): Section | undefined;
  say(pt: string, en: string): string;
}

/** A finding as a rule reports it; the guard numbers it and finds its line. */
export interface Draft {
  rule: import("./findings").GuardRule;
  severity: import("./findings").Severity;
  key: string;
  evidence: string;
  /** Offset of the evidence in the text; null for the text as a whole. */
  at: number | null;
  message: string;
  suggestion: string;
}

export type Rule = (ctx: GuardContext) => Draft[];

/**
 * Headings by a line scan — ATX (`## x`) and setext (`x` over `===` / `---`), none inside fenced code.
 * The guard runs before every gate and on every chat reply: a full markdown parse of a 20k-character
 * artifact costs ~70 ms here, this scan well under one; headings and fences are all the rules need.
 */
function scanHeadings(text: string, lineStarts: number[]): { depth: number; title: string; at: number; bodyStart: number }[] {
  const out: { depth: number; title: string; at: number; bodyStart: number }[] = [];
  let fence: string | null = null;
  const lineAt = (i: number) => text.slice(lineStarts[i], (lineStarts[i + 1] ?? text.length + 1) - 1);
  for (let i = 0; i < lineStarts.length; i++) {
    const line = lineAt(i);
    const f = line.match(/^ {0,3}(`{3,}|~{3,})/);
    if (f) {
      if (!fence) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
      continue;
    }
    if (fence) continue;
    const atx = line.match(/^ {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$/);
    if (atx) {
      out.push({ depth: atx[1].length, title: (atx[2] ?? "").trim(), at: lineStarts[i], bodyStart: lineStarts[i + 1] ?? text.length });
      continue;
    }
    const next = i + 1 < lineStarts.length ? lineAt(i + 1) : "";
    if (line.trim() && !/^\s*([-*+]|\d+[.)])\s/.test(line) && /^ {0,3}(=+|-+)\s*$/.test(next)) {
      out.push({ depth: next.trim()[0] === "=" ? 1 : 2, title: line.trim(), at: lineStarts[i], bodyStart: lineStarts[i + 2] ?? text.length });
      i++;
    }
  }
  return out;
}

export function guardContext(input: GuardInput): GuardContext {
  const text = input.markdown.replace(/\r\n?/g, "\n");
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const lineIndex = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  const all = scanHeadings(text, lineStarts);
  const headings = all.filter((h) => h.depth <= 3);
  const sections: Section[] = headings.map((h, i) => {
    const next = headings.slice(i + 1).find((x) => x.depth <= h.depth);
    return { heading: h.title, depth: h.depth, at: h.at, start: h.bodyStart, end: next ? next.at : text.length };
  });

  let words: WordToken[] | null = null;
  const stemCache = new Map<string, Stems>();
  let plain: string | null = null;
  let folded: string | null = null;
  return {
    input,
    text,
    sections,
    firstHeadingAt: all[0]?.at ?? text.length,
    folded: () => (folded ??= fold(text)),
    plainSample: () =>
      (plain ??= text
        .slice(0, 8000)
        .replace(/^ {0,3}(`{3,}|~{3,})[\s\S]*?^ {0,3}\1\s*$/gm, " ")
        .replace(/^\s*\|.*$/gm, " ")
        .replace(/^ {0,3}#{1,6}\s*/gm, "")
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
        .replace(/[*_`~>#|]/g, " ")),
    words: () => (words ??= tokenize(text).map((t) => ({ ...t, folded: fold(t.text) }))),
    stems: (w) => {
      let st = stemCache.get(w.folded);
      if (!st) stemCache.set(w.folded, (st = stemsOf(w.text)));
      return st;
    },
    proofText: fold([...input.proof.canon, input.proof.request, ...input.proof.upstream].join("\n")),
    lineOf: (offset) => lineIndex(offset) + 1,
    lineText: (offset) => {
      const i = lineIndex(offset);
      return text.slice(lineStarts[i], (lineStarts[i + 1] ?? text.length + 1) - 1);
    },
    sectionAt: (offset) => {
      let found: Section | undefined;
      for (const s of sections) if (offset >= s.start && offset < s.end && (!found || s.depth >= found.depth)) found = s;
      return found;
    },
    say: (pt, en) => (input.lang === "en" ? en : pt),
  };
}
