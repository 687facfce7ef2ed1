import type { Draft, GuardContext } from "../context";
import { fold } from "../../words";

// claim (warn): statements that need proof — statistics and counts presented as facts, guarantees and
// absolutes, rank superlatives, testimonials — when nothing in the canon, the request or an approved
// upstream artifact backs them. Numbers that only structure the text (list items, "3 pilares", "até 25
// palavras", dates, section numbers) are never claims: only these shapes are.
// No `u` flag: with it V8 runs these patterns some 30× slower, and Latin-1 letter classes cover the
// languages a brand writes in here.

const PEOPLE = String.raw`(?:clientes|pessoas|usu[áa]rios|assinantes|consumidor(?:es|as)|fam[íi]lias|lares|empresas|marcas|customers|people|users|subscribers|clients|families|homes|companies|brands)`;
const SCALE = String.raw`(?:mil|milh[õo]es|k|thousand|million)`;

/** Each shape, with the words (accent-folded) one of which it cannot match without: a cheap pre-check. */
const KINDS: { kind: "stat" | "absolute" | "rank" | "testimonial"; re: RegExp; needs?: string[] }[] = [
  { kind: "stat", re: /\b\d+\s+(?:em|de)\s+cada\s+\d+\b/gi },
  { kind: "stat", re: /\b\d+\s+(?:out\s+of|in)\s+(?:every\s+)?\d+\b(?=\s+[A-Za-zÀ-ÖØ-öø-ÿ])/gi },
  { kind: "stat", re: /\b\d+(?:[.,]\d+)?\s?%\s+(?:d[oa]s|of(?:\s+(?:our|the|all))?)\s+[A-Za-zÀ-ÖØ-öø-ÿ]+/gi },
  { kind: "stat", re: new RegExp(String.raw`\b(?:mais\s+de|acima\s+de|over|more\s+than)\s+[\d.,]+(?:\s?${SCALE})?\s+(?:de\s+)?${PEOPLE}`, "gi") },
  { kind: "stat", re: new RegExp(String.raw`\b\d[\d.,]*\s?${SCALE}\s+(?:de\s+)?${PEOPLE}`, "gi") },
  { kind: "stat", re: new RegExp(String.raw`\b(?:milhares|milh[õo]es|centenas)\s+de\s+${PEOPLE}|\b(?:thousands|millions|hundreds)\s+of\s+${PEOPLE}`, "gi") },
  { kind: "absolute", re: /\bgarantid[oa]s?\b|\bgarantimos\b|\bgarantia\s+de\s+(?:resultado|sucesso|satisfa[çc][ãa]o)\b/gi, needs: ["garanti"] },
  { kind: "absolute", re: /(?<![\d.,])100\s?%(?!\s?(?:de\s+)?(?:desconto|off|abatimento))/gi, needs: ["100"] },
  { kind: "absolute", re: /\bsem\s+(?:nenhum\s+)?risco\b|\brisco\s+zero\b|\bcomprovad[oa]s?\b|\bcientificamente\b|\bclinicamente\b|\bdermatologicamente\b/gi, needs: ["risco", "comprovad", "cientific", "clinica", "dermatolog"] },
  { kind: "absolute", re: /\bguaranteed?\b|\brisk[- ]free\b|\bproven\b|\bclinically\b|\bscientifically\b/gi, needs: ["guarantee", "risk", "proven", "clinically", "scientifically"] },
  { kind: "rank", re: /\b(?:[oa]s?)\s+melhor(?:es)?\b(?!\s+(?:forma|maneira|jeito|hora|momento|parte|escolha\s+para\s+voc))/gi, needs: ["melhor"] },
  { kind: "rank", re: /\bl[íi]der(?:es)?\b|\bn[ºo°]\.?\s?1\b|\bn[úu]mero\s+(?:1|um)\b|\b(?:[oa]s?)\s+mais\s+vendid[oa]s?\b|#1\b/gi, needs: ["lider", "1", "numero", "vendid"] },
  { kind: "rank", re: /\bthe\s+best\b|\bbest[- ]sell(?:ing|er)\b|\bleading\b|\bnumber\s+one\b|\bno\.\s?1\b|\btop[- ]rated\b/gi, needs: ["best", "leading", "number", "no.", "top"] },
  // “…” — Maria, cliente / "…", says John
  { kind: "testimonial", re: /[“"]([^”"\n]{12,})[”"]\s*(?:[—–-]+|,)\s*(?:(?:diz|disse|afirma|conta|says|said)\s+)?[A-ZÀ-ÖØ-Ý][a-zß-öø-ÿ]+/g, needs: ["“", '"'] },
  // Maria (cliente desde 2020) diz: “…”
  { kind: "testimonial", re: /[A-ZÀ-ÖØ-Ý][a-zß-öø-ÿ]+(?:\s+[A-ZÀ-ÖØ-Ý][a-zß-öø-ÿ]+)?(?:\s*[,(][^“"\n]{0,40}[,)])?\s+(?:diz|disse|afirma|conta|says|said)\s*:?\s*[“"][^”"\n]{12,}[”"]/g, needs: ["diz", "disse", "afirma", "conta", "says", "said"] },
];

const WHAT: Record<(typeof KINDS)[number]["kind"], [string, string]> = {
  stat: ["Número apresentado como fato", "A figure presented as fact"],
  absolute: ["Garantia ou afirmação absoluta", "A guarantee or an absolute"],
  rank: ["Superlativo de posição", "A rank superlative"],
  testimonial: ["Depoimento atribuído a uma pessoa", "A testimonial attributed to a person"],
};

export function claimRule(ctx: GuardContext): Draft[] {
  const out: Draft[] = [];
  const taken: [number, number][] = [];
  const folded = ctx.folded();
  for (const { kind, re, needs } of KINDS) {
    if (needs && !needs.some((n) => folded.includes(n))) continue;
    for (const m of ctx.text.matchAll(re)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      const evidence = m[0].trim();
      // Backed: the same words are in the canon, the request or an approved upstream artifact.
      if (ctx.proofText.includes(fold(kind === "testimonial" ? (m[1] ?? evidence) : evidence))) continue;
      taken.push([start, end]);
      const [pt, en] = WHAT[kind];
      out.push({
        rule: "claim",
        severity: "warn",
        key: `claim:${fold(evidence).replace(/\s+/g, " ")}`,
        evidence,
        at: start,
        message: ctx.say(`${pt} sem prova no canônico, no pedido ou nas etapas aprovadas: “${evidence}”.`, `${en} with no proof in the canon, the request or an approved stage: “${evidence}”.`),
        suggestion: ctx.say(
          "Tire a afirmação, suavize-a, ou registre a prova no canônico (fonte, data) antes de usá-la.",
          "Remove or soften it, or record its proof in the canon (source, date) before using it.",
        ),
      });
    }
  }
  return out;
}
