import { eng, por } from "stopword";
import { fold, stemsOf, tokenize } from "./words";

// Lexical retrieval that survives paraphrase: a text and a query are compared by the stems of their
// content words — accents folded, stop words dropped, every word stemmed as Portuguese and as English
// (the app's two languages; a query may be in either, whatever the brand writes in). The memory index
// keeps this form of each chunk beside its text and runs BM25 over it.

const STOP = new Set([...por, ...eng].map(fold));

/** The terms BM25 sees for a text: each content word's Portuguese and English stems, space-separated. */
export function lexicalForm(text: string): string {
  const out: string[] = [];
  for (const token of tokenize(text)) for (const term of termsOfWord(token.text)) out.push(term);
  return out.join(" ");
}

// Stemming a word four ways costs ~20 µs, and a brand repeats its words: remembered per spelling, so a
// query costs microseconds and indexing a chunk mostly lookups. Bounded: emptied when full.
const remembered = new Map<string, readonly string[]>();
const REMEMBER_MAX = 50_000;

function termsOfWord(written: string): readonly string[] {
  let terms = remembered.get(written);
  if (terms) return terms;
  const word = fold(written);
  if (STOP.has(word) || (word.length < 2 && !/\d/.test(word))) terms = [];
  else {
    // Stems of the word as written and as folded: "reclamações" and a hurried "reclamacoes" meet.
    const asWritten = stemsOf(written);
    const folded = word === written.toLowerCase() ? asWritten : stemsOf(word);
    // One term per distinct stem: a word whose stems agree counts once, not four times.
    terms = [...new Set([...asWritten.pt, ...asWritten.en, ...folded.pt, ...folded.en])];
  }
  if (remembered.size >= REMEMBER_MAX) remembered.clear();
  remembered.set(written, terms);
  return terms;
}
