import type { Heading, Root } from "mdast";
import { toString } from "mdast-util-to-string";
import { parseMarkdown } from "../chunking";
import type { LengthLimit } from "../stackDefinition";
import { fold, stemsOf, tokenize, type Stems, type Token } from "./words";


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
  /** Offsets of the section's body (after its heading line) in the markdown. */
  start: number;
  end: number;
}

export interface WordToken extends Token {
  stems: Stems;
}

/** What every rule reads, computed once per check. */
export interface GuardContext {
  input: GuardInput;
  text: string;
  tree: Root;
  /** H1–H3 headings with the span of their sections. */
  sections: Section[];
  words(): WordToken[];
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

export function guardContext(input: GuardInput): GuardContext {
  const text = input.markdown.replace(/\r\n?/g, "\n");
  const tree = parseMarkdown(text);
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

  const headings = tree.children.filter((n): n is Heading => n.type === "heading" && n.depth <= 3);
  const sections: Section[] = headings.map((h, i) => {
    const next = headings.slice(i + 1).find((x) => x.depth <= h.depth);
    return { heading: toString(h).trim(), depth: h.depth, start: h.position!.end.offset!, end: next ? next.position!.start.offset! : text.length };
  });

  let words: WordToken[] | null = null;
  return {
    input,
    text,
    tree,
    sections,
    words: () => (words ??= tokenize(text).map((t) => ({ ...t, stems: stemsOf(t.text) }))),
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
