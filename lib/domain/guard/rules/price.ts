import type { Draft, GuardContext } from "../context";
import { moneyMentions } from "../money";

// price (block): every amount or discount in the text must be one the canon, the request or an
// approved upstream artifact states — the same value written another way is the same value.

export function priceRule(ctx: GuardContext): Draft[] {
  const { canon, request, upstream } = ctx.input.proof;
  const known = new Set([...canon, request, ...upstream].flatMap((t) => moneyMentions(t).map((m) => m.key)));
  return moneyMentions(ctx.text)
    .filter((m) => !known.has(m.key))
    .map((m) => {
      const discount = m.key.startsWith("off:");
      return {
        rule: "price" as const,
        severity: "block" as const,
        key: `price:${m.key}`,
        evidence: m.text,
        at: m.start,
        message: discount
          ? ctx.say(`O desconto “${m.text}” não está no canônico, no pedido nem nas etapas aprovadas.`, `The discount “${m.text}” is not in the canon, the request or an approved stage.`)
          : ctx.say(`O valor “${m.text}” não está no canônico, no pedido nem nas etapas aprovadas.`, `The amount “${m.text}” is not in the canon, the request or an approved stage.`),
        suggestion: ctx.say(
          "Use o preço e a oferta do produto como estão no canônico (ou acrescente a nova condição ao canônico primeiro).",
          "Use the product's price and offer as the canon states them (or add the new terms to the canon first).",
        ),
      };
    });
}
