import { describe, expect, test } from "vitest";
import type { GuardInput } from "@/lib/domain/guard/context";
import { runGuard } from "@/lib/domain/guard/runGuard";

function check(markdown: string, over: Partial<Omit<GuardInput, "markdown">> = {}) {
  const input: GuardInput = {
    markdown,
    lang: "pt-BR",
    brand: { name: "Café Aurora", taboos: ["barato", "promoção relâmpago", "caro"], language: "pt-BR", mutes: [], ...over.brand },
    proof: { canon: ["Preço: R$ 89,90", "Oferta: assinatura mensal com 10% de desconto no plano anual"], request: "Campanha de inverno", upstream: [], ...over.proof },
    stage: over.stage ?? null,
  } as GuardInput;
  return runGuard(input);
}
const rules = (md: string, over?: Partial<Omit<GuardInput, "markdown">>) => check(md, over).findings.map((f) => `${f.rule}:${f.evidence}`);

describe("taboo", () => {
  test.each(["barato", "Baratos", "BARATA", "baratas", "baratinho", "baratíssimo", "baratissima"])("“%s” is the taboo “barato”", (word) => {
    const r = check(`## Oferta\n\nUm café ${word} para o inverno.`);
    expect(r.status).toBe("block");
    expect(r.findings).toMatchObject([{ rule: "taboo", severity: "block", evidence: word, line: 3, key: "taboo:barato" }]);
  });

  test("phrases match across plural and hyphen variants", () => {
    expect(rules("Aproveite as promoções-relâmpago de hoje.")).toEqual(["taboo:promoções-relâmpago"]);
    expect(rules("Uma Promoção Relâmpago só hoje.")).toEqual(["taboo:Promoção Relâmpago"]);
    // The two words far apart are not the phrase.
    expect(rules("Uma promoção especial com entrega relâmpago.")).toEqual([]);
  });

  test("never a substring of another word", () => {
    expect(rules("O caroço da azeitona e o barão do café.")).toEqual([]);
    expect(rules("Caríssimo leitor, é caro demais?")).toEqual(["taboo:Caríssimo", "taboo:caro"]);
  });

  test("English inflections in English text", () => {
    const over = { brand: { name: "Aurora", taboos: ["cheap"], language: "en", mutes: [] } };
    expect(rules("Cheaper than ever, the cheapest cup, cheaply made, cheapness.", over)).toEqual(["taboo:Cheaper", "taboo:cheapest", "taboo:cheaply", "taboo:cheapness"]);
  });

  test("a voice guide listing its taboos is mentioning them, not using them", () => {
    const guide = "## Tom de voz\n\nCaloroso e direto.\n\n## Palavras a evitar\n\n- barato\n- promoção relâmpago\n\n## Exemplos\n\nEvite dizer “barato”: diga acessível.";
    expect(rules(guide)).toEqual([]);
    expect(rules("## Exemplos\n\nNosso café barato chegou.")).toEqual(["taboo:barato"]);
  });
});

describe("price", () => {
  test.each(["R$ 89,90", "R$89,90", "R$89.90", "89,90 reais", "R$ 89,90."])("the canon's price written as %j is not a finding", (p) => {
    expect(rules(`Assine por ${p}`)).toEqual([]);
  });

  test("other amounts and discounts block, each once, as written", () => {
    expect(rules("Assine por R$ 79,90 ou US$ 19 — ou € 5, com 30% de desconto e 15% off.")).toEqual([
      "price:R$ 79,90",
      "price:US$ 19",
      "price:€ 5",
      "price:30% de desconto",
      "price:15% off",
    ]);
    expect(check("Leve por R$ 90").findings[0]).toMatchObject({ rule: "price", severity: "block", key: "price:BRL:9000" });
  });

  test("the canon's discount and amounts from the request or an approved stage are fine", () => {
    expect(rules("Plano anual com 10% de desconto.")).toEqual([]);
    expect(rules("Frete por R$ 12", { proof: { canon: [], request: "frete a R$ 12,00", upstream: [] } })).toEqual([]);
    expect(rules("Kit por R$ 1.234,50", { proof: { canon: [], request: "", upstream: ["## Oferta\n\nKit: R$1234.50"] } })).toEqual([]);
  });

  test("numbers that are not money are not prices", () => {
    expect(rules("## 3 pilares\n\n1. Frescor\n2. Origem\n3. Ritual\n\nAté 25 palavras, em 12/06/2026.")).toEqual([]);
  });
});

describe("claim", () => {
  test.each([
    "9 em cada 10 clientes recomendam",
    "87% dos clientes voltam",
    "mais de 10 mil clientes",
    "Resultado garantido",
    "100% natural",
    "sem risco para você",
    "comprovado pela ciência",
    "clinicamente testado",
    "o melhor café do Brasil",
    "líder de mercado",
    "nº 1 em vendas",
    "o mais vendido",
    "#1 do Brasil",
  ])("“%s” needs proof", (claim) => {
    const r = check(`Nosso café: ${claim}.`);
    expect(r.findings.map((f) => [f.rule, f.severity])).toEqual([["claim", "warn"]]);
    expect(r.status).toBe("warn");
  });

  test("English claims and testimonials", () => {
    expect(rules("The best coffee, leading the market, guaranteed.").map((x) => x.split(":")[0])).toEqual(["claim", "claim", "claim"]);
    expect(rules("“Mudou minhas manhãs, recomendo a todos” — Maria, cliente desde 2020").map((x) => x.split(":")[0])).toEqual(["claim"]);
    expect(rules('Joana diz: "o melhor café que já tomei em casa"').length).toBe(1);
  });

  test("a claim the canon backs is not a finding", () => {
    const proof = { canon: ["Prêmio: eleito o melhor café especial de 2025 pela revista X"], request: "", upstream: [] };
    expect(rules("Eleito o melhor café especial de 2025.", { proof })).toEqual([]);
  });

  test("structural numbers are not claims", () => {
    expect(rules("## 1. Visão\n\n- 3 pilares\n- até 25 palavras\n- 2 e-mails por semana\n\nEm 12 de junho de 2026, às 10h.")).toEqual([]);
    expect(rules("A melhor forma de preparar é com água a 92 °C.")).toEqual([]);
  });
});

describe("section, preamble, length, language", () => {
  const stage = { requiredSections: ["Público", "Mensagem central", "Lacunas"], limits: [] };
  test("required sections: missing or out of order warn; none present blocks", () => {
    expect(check("## Público\n\nx\n\n## Mensagem central\n\ny\n\n## Lacunas\n\nNenhuma.", { stage }).findings).toEqual([]);
    expect(rules("## Público\n\nx\n\n## Lacunas\n\nz", { stage })).toEqual(["section:"]);
    expect(check("## Lacunas\n\nz\n\n## Público\n\nx\n\n## Mensagem central\n\ny", { stage }).findings.map((f) => f.key)).toEqual(["section:order:lacunas"]);
    const none = check("Só um parágrafo solto.", { stage });
    expect(none.status).toBe("block");
    expect(none.findings).toMatchObject([{ rule: "section", severity: "block", key: "section:none" }]);
  });

  test("a preamble talking to the reader warns; a plain intro does not", () => {
    expect(rules("Claro! Aqui está o seu guia:\n\n## Público\n\nx")).toEqual(["preamble:Claro! Aqui está o seu guia:"]);
    expect(rules("Sure, here is the plan.\n\n## Plan\n\nx")).toEqual(["preamble:Sure, here is the plan."]);
    expect(rules("Documento de posicionamento da marca.\n\n## Público\n\nx")).toEqual([]);
  });

  test("channel limits quote the line and give its length", () => {
    const limits = { requiredSections: [], limits: [{ section: "Títulos", max_line_chars: 30, label: "Título de anúncio de busca" }, { section: "Legenda", max_section_chars: 50, label: "Legenda do Instagram" }] };
    const r = check("## Títulos\n\n- Café fresco na sua porta\n- Café de origem torrado toda semana para você\n\n## Legenda\n\n" + "Frescor de verdade. ".repeat(4), { stage: limits });
    expect(r.findings.map((f) => [f.rule, f.evidence])).toEqual([
      ["length", "Café de origem torrado toda semana para você"],
      ["length", "Frescor de verdade. Frescor de verdade. Frescor de verdade. Frescor de verdade."],
    ]);
    expect(r.findings[0].message).toContain("44 caracteres (limite 30)");
    expect(r.findings[0].line).toBe(4);
  });

  test("a limit on labelled lines and table rows measures the value only, without the count written after it", () => {
    const stage = {
      requiredSections: [],
      limits: [
        { label: "Assunto de e-mail", line_prefix: "Assunto", max_line_chars: 50 },
        { label: "Title tag", line_prefix: "Title tag", max_line_chars: 60 },
      ],
    };
    const md = [
      "## E-mail 1",
      "",
      "- **Assunto:** Seu café chegou (16)",
      "- **Assunto alternativo:** Uma assinatura de café que chega fresquinho toda semana na sua casa (68)",
      "- **Pré-cabeçalho:** qualquer coisa bem mais longa do que cinquenta caracteres, sem limite declarado",
      "",
      "| Campo | Valor |",
      "| --- | --- |",
      "| Title tag | Café especial por assinatura: torra semanal e entrega grátis em SP (66) |",
    ].join("\n");
    expect(check(md, { stage }).findings.map((f) => [f.evidence.length, f.line])).toEqual([
      [67, 4],
      [66, 9],
    ]);
  });

  test("the brand's language", () => {
    const en = "This is a long enough text written entirely in English so that the language statistics can tell what it is about. It talks about coffee.";
    expect(rules(en)).toEqual([expect.stringMatching(/^language:/)]);
    expect(rules(en, { brand: { name: "A", taboos: [], language: "en", mutes: [] } })).toEqual([]);
    expect(rules("Curto demais.")).toEqual([]);
  });
});

test("mutes drop a rule or one term of it; a rule that throws yields a rule_error and the rest still run", () => {
  expect(rules("O melhor café, líder de mercado.", { brand: { name: "A", taboos: [], language: "pt-BR", mutes: ["claim:líder"] } })).toEqual(["claim:O melhor"]);
  expect(rules("O melhor café, líder de mercado.", { brand: { name: "A", taboos: [], language: "pt-BR", mutes: ["claim"] } })).toEqual([]);
  const r = runGuard(
    { markdown: "Café barato.", lang: "en", brand: { name: "A", taboos: ["barato"], language: "pt-BR", mutes: [] }, proof: { canon: [], request: "", upstream: [] } },
    [
      ["claim", () => { throw new Error("boom"); }],
      ["taboo", () => [{ rule: "taboo", severity: "block", key: "t", evidence: "barato", at: 5, message: "m", suggestion: "s" }]],
    ] as never,
  );
  // What blocks comes first.
  expect(r.findings.map((f) => [f.rule, f.severity])).toEqual([["taboo", "block"], ["rule_error", "warn"]]);
  expect(r.findings[1].message).toContain("boom");
  expect(r.status).toBe("block");
});

describe("judge", () => {
  test("its JSON (fenced or not) becomes voice and constraint findings; garbage is null", async () => {
    const { parseJudgeAnswer, judgeFindings } = await import("@/lib/domain/guard/judge");
    const a = parseJudgeAnswer('Segue:\n```json\n{"voice":[{"attribute":"caloroso","score":2,"note":"frio e técnico"},{"attribute":"direto","score":5,"note":"ok"}],"violations":[{"constraint":"sem promessas de saúde","quote":"cura a ressaca"}]}\n```');
    expect(a).not.toBeNull();
    const f = judgeFindings(a!, "## A\n\nEste café cura a ressaca.", "pt-BR", 3);
    expect(f.map((x) => [x.id, x.rule, x.severity, x.evidence, x.line])).toEqual([
      ["f3", "voice", "warn", "", 0],
      ["f4", "constraint", "warn", "cura a ressaca", 3],
    ]);
    expect(parseJudgeAnswer("não sei")).toBeNull();
    expect(parseJudgeAnswer('{"voice": "x"}')).toBeNull();
  });

  test("agreement and Cohen's kappa from the four counts", async () => {
    const { judgeAgreement } = await import("@/lib/domain/guard/ruleStats");
    expect(judgeAgreement({ flaggedChanged: 20, flaggedKept: 5, cleanChanged: 10, cleanKept: 15 })).toMatchObject({ agreement: 0.7, kappa: expect.closeTo(0.4, 5) });
    expect(judgeAgreement({ flaggedChanged: 0, flaggedKept: 0, cleanChanged: 0, cleanKept: 0 })).toMatchObject({ agreement: null, kappa: null });
    expect(judgeAgreement({ flaggedChanged: 3, flaggedKept: 0, cleanChanged: 0, cleanKept: 0 })).toMatchObject({ agreement: 1, kappa: null });
  });
});
