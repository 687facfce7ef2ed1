import { z } from "zod";
import type { Brand } from "../brand";
import type { LlmMessage } from "../llm";
import type { Product } from "../product";
import type { Finding } from "./findings";
import { fold } from "../words";

// The optional judge (guard.judge: on): one extra LLM call per attempt, asked with a rubric built from the
// brand's tone, promise and soul and the product's constraints, answering structured JSON. What it finds
// becomes `voice` and `constraint` findings (warn); anything it cannot do leaves the stage unaffected.

const answer = z.object({
  voice: z.array(z.object({ attribute: z.string().min(1), score: z.number().min(1).max(5), note: z.string() })).max(12),
  violations: z.array(z.object({ constraint: z.string().min(1), quote: z.string() })).max(20),
});
export type JudgeAnswer = z.infer<typeof answer>;

/** A voice attribute scored at or under this (1–5) is a finding. */
export const LOW_SCORE = 2;

export function judgeMessages(brand: Brand, product: Product | null, markdown: string): LlmMessage[] {
  const rubric = [
    `Marca: ${brand.name}`,
    brand.tone && `Tom de voz: ${brand.tone}`,
    brand.promise && `Promessa: ${brand.promise}`,
    brand.soulMd.trim() && `Alma da marca:\n${brand.soulMd.trim()}`,
    product?.constraints && `Restrições do produto: ${product.constraints}`,
  ]
    .filter(Boolean)
    .join("\n\n");
  return [
    {
      role: "system",
      content:
        "Você avalia se um texto de marketing está na voz da marca e respeita as restrições do produto. " +
        'Responda SOMENTE com JSON: {"voice":[{"attribute":"…","score":1-5,"note":"…"}],"violations":[{"constraint":"…","quote":"trecho exato do texto"}]}. ' +
        "Um atributo por característica do tom de voz; score 5 = perfeitamente na voz. Em violations, cite o trecho exato; lista vazia se não houver.",
    },
    { role: "user", content: `# Rubrica\n\n${rubric}\n\n# Texto a avaliar\n\n${markdown}` },
  ];
}

/** The judge's JSON (possibly inside a fenced block), or null when it is not what was asked for. */
export function parseJudgeAnswer(text: string): JudgeAnswer | null {
  const body = text.match(/```(?:json)?\s*([\s\S]*?)```/)?.[1] ?? text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1);
  try {
    const parsed = answer.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The judge's answer as findings on the text (ids follow the deterministic ones). */
export function judgeFindings(a: JudgeAnswer, markdown: string, lang: "pt-BR" | "en", firstId: number): Finding[] {
  const say = (pt: string, en: string) => (lang === "en" ? en : pt);
  const lineOf = (quote: string) => {
    const at = quote ? fold(markdown).indexOf(fold(quote)) : -1;
    return at < 0 ? 0 : markdown.slice(0, at).split("\n").length;
  };
  const out: Omit<Finding, "id">[] = [
    ...a.voice
      .filter((v) => v.score <= LOW_SCORE)
      .map((v) => ({
        rule: "voice" as const,
        severity: "warn" as const,
        key: `voice:${fold(v.attribute)}`,
        message: say(`Fora da voz da marca em “${v.attribute}” (nota ${v.score}/5): ${v.note}`, `Off the brand's voice on “${v.attribute}” (${v.score}/5): ${v.note}`),
        evidence: "",
        line: 0,
        suggestion: say(`Reescreva buscando “${v.attribute}”.`, `Rewrite aiming for “${v.attribute}”.`),
      })),
    ...a.violations.map((v) => ({
      rule: "constraint" as const,
      severity: "warn" as const,
      key: `constraint:${fold(v.constraint).slice(0, 60)}`,
      message: say(`Fere a restrição “${v.constraint}”: “${v.quote}”.`, `Breaks the constraint “${v.constraint}”: “${v.quote}”.`),
      evidence: markdown.includes(v.quote) ? v.quote : "",
      line: lineOf(v.quote),
      suggestion: say("Reescreva o trecho respeitando a restrição.", "Rewrite the passage within the constraint."),
    })),
  ];
  return out.map((f, i) => ({ ...f, id: `f${firstId + i}` }));
}
