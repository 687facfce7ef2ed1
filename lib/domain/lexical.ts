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
  for (const token of tokenize(text)) {
    const word = fold(token.text);
    if (STOP.has(word) || (word.length < 2 && !/\d/.test(word))) continue;
    // Stems of the word as written and as folded: "reclamações" and a hurried "reclamacoes" meet.
    const written = stemsOf(token.text);
    const folded = word === token.text.toLowerCase() ? written : stemsOf(word);
    // One term per distinct stem: a word whose stems agree counts once, not four times.
    for (const stem of new Set([...written.pt, ...written.en, ...folded.pt, ...folded.en])) out.push(stem);
  }
  return out.join(" ");
}
