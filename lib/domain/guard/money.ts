// Monetary amounts and discounts in running text, normalised so the same value written two ways is one:
// "R$ 89,90", "R$89.90", "89,90 reais" → BRL 8990; "30% de desconto", "30% off" → 30 % off.

export interface MoneyMention {
  /** "BRL:8990", "USD:1900", "EUR:500", "off:30". */
  key: string;
  /** As written. */
  text: string;
  start: number;
}

const NUMBER = String.raw`\d{1,3}(?:[.,\u00a0 ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const PREFIX = new RegExp(String.raw`(R\$|US\$|U\$|€|£|\$)\s?(${NUMBER})(?:\s?(mil|milhões|k))?`, "gi");
const SUFFIX = new RegExp(String.raw`(?<![A-Za-zÀ-ÖØ-öø-ÿ\d$€£.,])(${NUMBER})(?:\s?(mil|milhões))?\s?(reais|real|dólares|dolares|dollars?|euros?|€)(?![A-Za-zÀ-ÖØ-öø-ÿ])`, "gi");
const DISCOUNT_AFTER = new RegExp(String.raw`(?<![\d.,])(\d{1,3}(?:[.,]\d+)?)\s?%\s?(?:de\s+)?(desconto|off|abatimento)\b`, "gi");
const DISCOUNT_BEFORE = new RegExp(String.raw`\b(desconto|discount|abatimento)\s+(?:de\s+|of\s+)?(?:até\s+|up to\s+)?(\d{1,3}(?:[.,]\d+)?)\s?%`, "gi");

const CURRENCY: Record<string, string> = { "r$": "BRL", reais: "BRL", real: "BRL", "us$": "USD", "u$": "USD", $: "USD", "dólares": "USD", dolares: "USD", dollar: "USD", dollars: "USD", "€": "EUR", euro: "EUR", euros: "EUR", "£": "GBP" };

/** "1.234,56" / "1,234.56" / "89,90" / "89.90" / "1.234" → cents. */
export function cents(raw: string): number {
  const s = raw.replace(/[\u00a0 ]/g, "");
  const lastComma = s.lastIndexOf(",");
  const lastDot = s.lastIndexOf(".");
  const sep = Math.max(lastComma, lastDot);
  let integer = s;
  let fraction = "";
  if (sep >= 0) {
    const tail = s.slice(sep + 1);
    const bothSeparators = lastComma >= 0 && lastDot >= 0;
    // The last separator is the decimal mark when both appear, or when 1–2 digits follow it.
    if (bothSeparators || tail.length <= 2) {
      integer = s.slice(0, sep);
      fraction = tail;
    }
  }
  const units = Number(integer.replace(/[.,]/g, ""));
  return units * 100 + Number((fraction + "00").slice(0, 2));
}

const scale = (word: string | undefined) => (!word ? 1 : /^k$/i.test(word) || /^mil$/i.test(word) ? 1000 : 1_000_000);

export function moneyMentions(text: string): MoneyMention[] {
  const out: MoneyMention[] = [];
  for (const m of text.matchAll(PREFIX)) {
    out.push({ key: `${CURRENCY[m[1].toLowerCase()] ?? "USD"}:${cents(m[2]) * scale(m[3])}`, text: m[0], start: m.index! });
  }
  for (const m of text.matchAll(SUFFIX)) {
    if (out.some((o) => m.index! >= o.start && m.index! < o.start + o.text.length)) continue;
    out.push({ key: `${CURRENCY[m[3].toLowerCase()] ?? "BRL"}:${cents(m[1]) * scale(m[2])}`, text: m[0], start: m.index! });
  }
  for (const m of text.matchAll(DISCOUNT_AFTER)) out.push({ key: `off:${Number(m[1].replace(",", "."))}`, text: m[0], start: m.index! });
  for (const m of text.matchAll(DISCOUNT_BEFORE)) {
    if (out.some((o) => o.key.startsWith("off:") && Math.abs(o.start - m.index!) < m[0].length)) continue;
    out.push({ key: `off:${Number(m[2].replace(",", "."))}`, text: m[0], start: m.index! });
  }
  return out.sort((a, b) => a.start - b.start);
}
