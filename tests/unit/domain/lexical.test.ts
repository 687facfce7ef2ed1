import { expect, test } from "vitest";
import { lexicalForm } from "@/lib/domain/lexical";

const terms = (s: string) => new Set(lexicalForm(s).split(" ").filter(Boolean));
const meet = (a: string, b: string) => [...terms(a)].some((t) => terms(b).has(t));

test("inflections, missing accents and either language meet; stop words are not terms", () => {
  expect(meet("reclamações", "reclamam")).toBe(true);
  expect(meet("reclamacoes", "reclamações")).toBe(true); // typed without accents
  expect(meet("torramos", "torra")).toBe(true);
  expect(meet("cafezinho", "café")).toBe(true); // diminutive
  expect(meet("celebrating", "celebrate")).toBe(true);
  expect(meet("stretches", "stretching")).toBe(true);
  expect(lexicalForm("o que a de para com the and of")).toBe("");
  expect(meet("caroço", "caro")).toBe(false); // a word inside another is not the same word
});

test("a word counts once, whatever stems agree", () => {
  expect(lexicalForm("desk").split(" ")).toEqual(["desk"]);
  expect(lexicalForm("Frescor não se estoca")).not.toMatch(/\bnao\b|\bse\b/);
});
