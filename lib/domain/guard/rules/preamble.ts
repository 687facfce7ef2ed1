import type { Draft, GuardContext } from "../context";
import { fold } from "../../words";

// preamble (warn): before the deliverable starts, the model talking to the reader ("Claro! Aqui está…",
// "Sure, here is…") — text that would be pasted into a campaign by mistake.

const CHATTY =
  /^(claro|com certeza|certo|perfeito|otimo|pronto|aqui esta|aqui estao|segue|seguem|abaixo (esta|estao|segue)|vou (criar|preparar|escrever)|preparei|sure|of course|certainly|absolutely|here is|here's|here are|below is|i've|i have (prepared|written|created)|great question)\b/;

export function preambleRule(ctx: GuardContext): Draft[] {
  const before = ctx.text.slice(0, ctx.firstHeadingAt).trim();
  if (!before) return [];
  const firstLine = before.split("\n")[0].trim();
  if (!CHATTY.test(fold(firstLine).replace(/^[^\p{L}]+/u, ""))) return [];
  return [
    {
      rule: "preamble",
      severity: "warn",
      key: "preamble",
      evidence: firstLine,
      at: ctx.text.indexOf(firstLine),
      message: ctx.say(`O texto começa falando com o leitor: “${firstLine}”.`, `The text opens by talking to the reader: “${firstLine}”.`),
      suggestion: ctx.say("Corte a abertura: o entregável começa no primeiro título.", "Cut the opening: the deliverable starts at its first heading."),
    },
  ];
}
