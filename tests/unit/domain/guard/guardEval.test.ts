import { expect, test } from "vitest";
import { runGuardEval } from "@/eval/guard/guardEval";

// Floors a regression breaks: the labelled set in eval/guard/cases.ts (npm run eval:guard prints the table).
const FLOORS = { precision: 0.95, recall: 0.95 };

test("the brand guard's precision and recall per rule stay above their floors on the labelled set", () => {
  const r = runGuardEval();
  expect(r.cases).toBeGreaterThanOrEqual(60);
  expect(r.rules.map((s) => s.rule).sort()).toEqual(["claim", "language", "length", "preamble", "price", "section", "taboo"]);
  for (const s of r.rules) {
    expect(s.precision, `${s.rule} precision (misses: ${JSON.stringify(r.misses)})`).toBeGreaterThanOrEqual(FLOORS.precision);
    expect(s.recall, `${s.rule} recall (misses: ${JSON.stringify(r.misses)})`).toBeGreaterThanOrEqual(FLOORS.recall);
  }
});
