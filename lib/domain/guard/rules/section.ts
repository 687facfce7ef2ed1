import type { Draft, GuardContext } from "../context";
import { fold } from "../../words";

// section (warn; block when none is present): the headings the stage's contract demands
// (stack.yaml `required_sections`), each present and in order.

const same = (heading: string, required: string) => {
  const h = fold(heading).replace(/[^\p{L}\p{N} ]/gu, " ").replace(/\s+/g, " ").trim();
  const r = fold(required).replace(/[^\p{L}\p{N} ]/gu, " ").replace(/\s+/g, " ").trim();
  return h === r || h.startsWith(`${r} `);
};

export function sectionRule(ctx: GuardContext): Draft[] {
  const required = ctx.input.stage?.requiredSections ?? [];
  if (!required.length) return [];
  const headings = ctx.sections;
  const found = required.map((r) => headings.findIndex((h) => same(h.heading, r)));
  const missing = required.filter((_, i) => found[i] < 0);
  if (missing.length === required.length) {
    return [
      {
        rule: "section",
        severity: "block",
        key: "section:none",
        evidence: "",
        at: null,
        message: ctx.say(
          `Nenhuma das seções que o contrato pede está no texto (${required.map((r) => `“${r}”`).join(", ")}).`,
          `None of the sections the contract asks for is in the text (${required.map((r) => `“${r}”`).join(", ")}).`,
        ),
        suggestion: ctx.say("Peça de novo seguindo a estrutura do contrato, com um título ## para cada seção.", "Ask again following the contract's structure, one ## heading per section."),
      },
    ];
  }
  const list = missing.map((r) => `“${r}”`).join(", ");
  const out: Draft[] = missing.length
    ? [
        {
          rule: "section",
          severity: "warn",
          key: `section:missing:${missing.map(fold).join("|")}`,
          evidence: "",
          at: null,
          message:
            missing.length === 1
              ? ctx.say(`Falta a seção ${list} que o contrato pede.`, `The section ${list} the contract asks for is missing.`)
              : ctx.say(`Faltam ${missing.length} seções que o contrato pede: ${list}.`, `${missing.length} sections the contract asks for are missing: ${list}.`),
          suggestion: ctx.say(
            `Acrescente ${missing.map((r) => `“## ${r}”`).join(", ")} com o que o contrato pede em cada uma.`,
            `Add ${missing.map((r) => `“## ${r}”`).join(", ")} with what the contract asks for in each.`,
          ),
        },
      ]
    : [];
  const present = found.filter((i) => i >= 0);
  for (let k = 1; k < present.length; k++) {
    if (present[k] < present[k - 1]) {
      const h = headings[present[k]];
      out.push({
        rule: "section",
        severity: "warn",
        key: `section:order:${fold(h.heading)}`,
        evidence: h.heading,
        at: h.at,
        message: ctx.say(`A seção “${h.heading}” está fora da ordem do contrato.`, `The section “${h.heading}” is out of the contract's order.`),
        suggestion: ctx.say(`Ordem esperada: ${required.join(" → ")}.`, `Expected order: ${required.join(" → ")}.`),
      });
      break;
    }
  }
  return out;
}
