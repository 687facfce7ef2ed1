import type { LengthLimit } from "../../stackDefinition";
import type { Draft, GuardContext } from "../context";
import { fold } from "../../words";

// length (warn): the channel limits a stage declares (stack.yaml `limits`): characters per line — a
// search-ad headline, an e-mail subject, picked by the label the line starts with — or per section
// (a post, a caption). A count the contract asks the model to write after the text ("(42)",
// "(42 caracteres)") is not part of what is measured.

/** A line as the reader sees it: without list markers, quote marks, heading hashes or inline markup. */
const visible = (line: string) =>
  line
    .replace(/^\s*(?:[-*+]|\d+[.)]|>|#{1,6})\s+/, "")
    .replace(/[*_`~]/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .trim();

const withoutCount = (s: string) => s.replace(/\s*[([]\s*\d+\s*(?:caracteres|characters|chars|car\.?)?\s*[)\]]\s*$/i, "").trim();

/** The measured text of a line for a limit: the value after its label, or the whole visible line. */
function measured(line: string, limit: LengthLimit): string | null {
  if (/^\s*\|?\s*:?-{2,}/.test(line)) return null; // a table's delimiter row
  if (!limit.line_prefix) return withoutCount(visible(line)) || null;
  const prefix = fold(limit.line_prefix);
  if (line.trim().startsWith("|")) {
    const cells = line.split("|").map((c) => visible(c));
    const at = cells.findIndex((c) => fold(c).startsWith(prefix));
    return at >= 0 && cells[at + 1] !== undefined ? withoutCount(cells[at + 1]) || null : null;
  }
  const text = visible(line);
  if (!fold(text).startsWith(prefix)) return null;
  const colon = text.indexOf(":");
  return colon >= 0 ? withoutCount(text.slice(colon + 1).replace(/^[*_\s]+/, "")) || null : null;
}

export function lengthRule(ctx: GuardContext): Draft[] {
  const out: Draft[] = [];
  for (const limit of ctx.input.stage?.limits ?? []) {
    const spans = limit.section
      ? ctx.sections.filter((s) => fold(s.heading).includes(fold(limit.section!))).map((s) => [s.start, s.end] as const)
      : [[0, ctx.text.length] as const];
    for (const [start, end] of spans) {
      const body = ctx.text.slice(start, end);
      if (limit.max_section_chars) {
        const chars = withoutCount(visible(body.replace(/\n+/g, " "))).length;
        if (chars > limit.max_section_chars) {
          const first = body.trim();
          out.push({
            rule: "length",
            severity: "warn",
            key: `length:section:${fold(limit.label)}`,
            evidence: first.slice(0, 80),
            at: start + body.indexOf(first),
            message: ctx.say(`${limit.label}: ${chars} caracteres, acima do limite de ${limit.max_section_chars}.`, `${limit.label}: ${chars} characters, over the ${limit.max_section_chars} limit.`),
            suggestion: ctx.say(`Encurte para até ${limit.max_section_chars} caracteres.`, `Shorten it to ${limit.max_section_chars} characters at most.`),
          });
        }
      }
      if (limit.max_line_chars) {
        let offset = start;
        for (const line of body.split("\n")) {
          // Markup and labels only shorten what is measured: a line already within the limit is.
          const text = line.length > limit.max_line_chars ? measured(line, limit) : null;
          if (text && text.length > limit.max_line_chars) {
            out.push({
              rule: "length",
              severity: "warn",
              key: `length:line:${fold(text).slice(0, 60)}`,
              evidence: text,
              at: offset + Math.max(0, line.indexOf(text.slice(0, 8))),
              message: ctx.say(
                `${limit.label} com ${text.length} caracteres (limite ${limit.max_line_chars}): “${text}”.`,
                `${limit.label} of ${text.length} characters (limit ${limit.max_line_chars}): “${text}”.`,
              ),
              suggestion: ctx.say(`Reescreva com até ${limit.max_line_chars} caracteres.`, `Rewrite it in ${limit.max_line_chars} characters at most.`),
            });
          }
          offset += line.length + 1;
        }
      }
    }
  }
  return out;
}
