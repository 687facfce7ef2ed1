// The brand guard's evaluation set: artifacts written for two brands (pt-BR and English), on-brand and
// off-brand, each with the findings a careful reviewer would expect. Traps for precision on purpose:
// substrings of taboos, the right price in other formats, structural numbers, claims the canon backs,
// and voice guides that *list* taboos (a list of words to avoid mentions them; it does not use them).

import type { GuardRule } from "@/lib/domain/guard/findings";

export interface EvalBrand {
  key: "aurora" | "northwind";
  name: string;
  language: string;
  taboos: string[];
  /** Canon texts: fields and markdown, as the guard reads them. */
  canon: string[];
}

export interface EvalCase {
  id: string;
  brand: EvalBrand["key"];
  /** The stage's contract, when the text is a stage's artifact. */
  stage?: { required_sections: string[]; limits: { label: string; section?: string; line_prefix?: string; max_line_chars?: number; max_section_chars?: number }[] };
  request?: string;
  markdown: string;
  /** What a reviewer expects flagged: the rule and (part of) the text it is about ("" = the text as a whole). */
  expect: { rule: GuardRule; evidence: string }[];
}

export const BRANDS: EvalBrand[] = [
  {
    key: "aurora",
    name: "Café Aurora",
    language: "pt-BR",
    taboos: ["barato", "promoção relâmpago", "caro"],
    canon: [
      "# Marca: Café Aurora\n- Público: baristas caseiros\n- Tom de voz: caloroso, direto\n- Promessa: café fresco toda semana",
      "## Alma\n\nTorramos toda semana. Eleito o melhor café especial de 2025 pela revista Sabor. Mais de 3 mil assinantes.",
      "# Produto: Assinatura Mensal\n- Oferta: assinatura mensal com 10% de desconto no plano anual\n- Preço: R$ 89,90\n- Restrições: sem promessas de saúde",
    ],
  },
  {
    key: "northwind",
    name: "Northwind Tea",
    language: "en",
    taboos: ["cheap", "miracle", "detox"],
    canon: [
      "# Brand: Northwind Tea\n- Audience: tea lovers\n- Tone: calm, precise\n- Promise: single-estate tea, honestly sourced",
      "## Soul\n\nWe buy from four estates we visit every year. Rated the best oolong of 2024 by Leaf Magazine.",
      "# Product: Estate Box\n- Offer: monthly box, free shipping over US$ 50\n- Price: US$ 24\n- Constraints: no health claims",
    ],
  },
];

const SECTIONS = { required_sections: ["Público", "Mensagem central", "Lacunas"], limits: [] };
const ADS = {
  required_sections: [],
  limits: [
    { label: "Título do Google Ads", section: "Google Ads", line_prefix: "Título", max_line_chars: 30 },
    { label: "Assunto de e-mail", line_prefix: "Assunto", max_line_chars: 50 },
  ],
};

export const CASES: EvalCase[] = [
  // ── pt-BR: taboos, with their traps ──────────────────────────────────────────────────────────────
  { id: "pt-taboo-1", brand: "aurora", markdown: "## Oferta\n\nUm café barato para o dia a dia.", expect: [{ rule: "taboo", evidence: "barato" }] },
  { id: "pt-taboo-2", brand: "aurora", markdown: "Nossos grãos não são baratos: são frescos.", expect: [{ rule: "taboo", evidence: "baratos" }] },
  { id: "pt-taboo-3", brand: "aurora", markdown: "Uma xícara baratinha, todo dia.", expect: [{ rule: "taboo", evidence: "baratinha" }] },
  { id: "pt-taboo-4", brand: "aurora", markdown: "O kit mais baratíssimo da loja.", expect: [{ rule: "taboo", evidence: "baratíssimo" }] },
  { id: "pt-taboo-5", brand: "aurora", markdown: "Aproveite nossas promoções-relâmpago desta semana.", expect: [{ rule: "taboo", evidence: "promoções-relâmpago" }] },
  { id: "pt-taboo-6", brand: "aurora", markdown: "PROMOÇÃO RELÂMPAGO só hoje!", expect: [{ rule: "taboo", evidence: "PROMOÇÃO RELÂMPAGO" }] },
  { id: "pt-taboo-7", brand: "aurora", markdown: "Café fresco não precisa ser caro.", expect: [{ rule: "taboo", evidence: "caro" }] },
  { id: "pt-trap-1", brand: "aurora", markdown: "Tiramos o caroço da cereja do café com cuidado, e o barão do café aprovaria.", expect: [] },
  { id: "pt-trap-2", brand: "aurora", markdown: "Uma promoção especial com entrega relâmpago em São Paulo.", expect: [] },
  {
    id: "pt-trap-3",
    brand: "aurora",
    markdown: "## Tom de voz\n\nCaloroso e direto.\n\n## Palavras a evitar\n\n- barato\n- caro\n- promoção relâmpago\n\n## Exemplo\n\nEvite “barato”; diga “acessível”.",
    expect: [],
  },
  { id: "pt-trap-4", brand: "aurora", markdown: "Carregamos o caramelo da torra média com carinho.", expect: [] },
  // ── pt-BR: prices ────────────────────────────────────────────────────────────────────────────────
  { id: "pt-price-ok-1", brand: "aurora", markdown: "Assine por R$ 89,90 ao mês.", expect: [] },
  { id: "pt-price-ok-2", brand: "aurora", markdown: "Assine por R$89.90 ao mês, ou 89,90 reais no boleto.", expect: [] },
  { id: "pt-price-ok-3", brand: "aurora", markdown: "No plano anual, 10% de desconto.", expect: [] },
  { id: "pt-price-1", brand: "aurora", markdown: "Assine por R$ 79,90 ao mês.", expect: [{ rule: "price", evidence: "R$ 79,90" }] },
  { id: "pt-price-2", brand: "aurora", markdown: "Hoje com 30% de desconto na assinatura.", expect: [{ rule: "price", evidence: "30% de desconto" }] },
  { id: "pt-price-3", brand: "aurora", markdown: "Frete grátis acima de R$ 150.", expect: [{ rule: "price", evidence: "R$ 150" }] },
  { id: "pt-price-4", brand: "aurora", request: "Oferta de Natal: R$ 69,90 no primeiro mês", markdown: "Natal: o primeiro mês por R$ 69,90.", expect: [] },
  { id: "pt-price-trap", brand: "aurora", markdown: "## 3 pilares\n\n1. Frescor\n2. Origem\n3. Ritual\n\nAté 25 palavras por post; publicado em 12/06/2026.", expect: [] },
  // ── pt-BR: claims ────────────────────────────────────────────────────────────────────────────────
  { id: "pt-claim-1", brand: "aurora", markdown: "9 em cada 10 clientes recomendam o Aurora.", expect: [{ rule: "claim", evidence: "9 em cada 10" }] },
  { id: "pt-claim-2", brand: "aurora", markdown: "87% dos clientes renovam a assinatura.", expect: [{ rule: "claim", evidence: "87% dos clientes" }] },
  { id: "pt-claim-3", brand: "aurora", markdown: "Mais de 10 mil clientes já provaram.", expect: [{ rule: "claim", evidence: "Mais de 10 mil clientes" }] },
  { id: "pt-claim-4", brand: "aurora", markdown: "Frescor garantido ou seu dinheiro de volta.", expect: [{ rule: "claim", evidence: "garantido" }] },
  { id: "pt-claim-5", brand: "aurora", markdown: "Um café 100% natural.", expect: [{ rule: "claim", evidence: "100%" }] },
  { id: "pt-claim-6", brand: "aurora", markdown: "Somos líder no mercado de cafés especiais.", expect: [{ rule: "claim", evidence: "líder" }] },
  { id: "pt-claim-7", brand: "aurora", markdown: "O mais vendido do Brasil, nº 1 em assinaturas.", expect: [{ rule: "claim", evidence: "O mais vendido" }, { rule: "claim", evidence: "nº 1" }] },
  { id: "pt-claim-8", brand: "aurora", markdown: "“Mudou minhas manhãs para sempre” — Carla, assinante desde 2021", expect: [{ rule: "claim", evidence: "Mudou minhas manhãs" }] },
  { id: "pt-claim-9", brand: "aurora", markdown: "Cientificamente comprovado: mais energia.", expect: [{ rule: "claim", evidence: "Cientificamente" }, { rule: "claim", evidence: "comprovado" }] },
  { id: "pt-claim-backed-1", brand: "aurora", markdown: "Eleito o melhor café especial de 2025 pela revista Sabor.", expect: [] },
  { id: "pt-claim-backed-2", brand: "aurora", markdown: "Junte-se a mais de 3 mil assinantes.", expect: [] },
  { id: "pt-claim-trap", brand: "aurora", markdown: "A melhor forma de preparar é na prensa, com água a 92 °C, em 4 minutos. São 2 e-mails por semana.", expect: [] },
  // ── pt-BR: structure, preamble, limits, language ─────────────────────────────────────────────────
  { id: "pt-section-ok", brand: "aurora", stage: SECTIONS, markdown: "## Público\n\nBaristas caseiros.\n\n## Mensagem central\n\nFrescor toda semana.\n\n## Lacunas\n\nNenhuma.", expect: [] },
  { id: "pt-section-1", brand: "aurora", stage: SECTIONS, markdown: "## Público\n\nBaristas caseiros.\n\n## Lacunas\n\nNenhuma.", expect: [{ rule: "section", evidence: "" }] },
  { id: "pt-section-2", brand: "aurora", stage: SECTIONS, markdown: "Um texto corrido, sem nenhuma das seções do contrato.", expect: [{ rule: "section", evidence: "" }] },
  { id: "pt-preamble-1", brand: "aurora", stage: SECTIONS, markdown: "Claro! Aqui está o documento pedido:\n\n## Público\n\nx\n\n## Mensagem central\n\ny\n\n## Lacunas\n\nz", expect: [{ rule: "preamble", evidence: "Claro! Aqui está" }] },
  { id: "pt-preamble-trap", brand: "aurora", markdown: "Documento de posicionamento do Café Aurora, versão de inverno.\n\n## Público\n\nBaristas caseiros.", expect: [] },
  { id: "pt-length-1", brand: "aurora", stage: ADS, markdown: "## Google Ads\n\n- Título 1: Café fresco em casa (20)\n- Título 2: Café especial torrado toda semana na sua porta (46)", expect: [{ rule: "length", evidence: "Café especial torrado toda semana na sua porta" }] },
  { id: "pt-length-2", brand: "aurora", stage: ADS, markdown: "## E-mail 1\n\n- **Assunto:** Seu café chegou, e com ele uma surpresa para a sua manhã (55)", expect: [{ rule: "length", evidence: "Seu café chegou" }] },
  { id: "pt-length-ok", brand: "aurora", stage: ADS, markdown: "## Google Ads\n\n- Título 1: Café fresco em casa (20)\n- Título 2: Torrado toda semana (19)", expect: [] },
  {
    id: "pt-language-1",
    brand: "aurora",
    markdown: "Our coffee is roasted every single week and shipped to your door, so every cup you brew tastes as fresh as the day it left the roaster. Subscribe today.",
    expect: [{ rule: "language", evidence: "" }],
  },
  // ── pt-BR: on-brand, clean ───────────────────────────────────────────────────────────────────────
  { id: "pt-clean-1", brand: "aurora", markdown: "## Frescor\n\nTorramos toda semana e enviamos no mesmo dia. Você sente a diferença no primeiro gole.", expect: [] },
  { id: "pt-clean-2", brand: "aurora", markdown: "## Para quem ama café\n\nA assinatura mensal chega em casa com grãos torrados há poucos dias, por R$ 89,90.", expect: [] },
  { id: "pt-clean-3", brand: "aurora", markdown: "## Ritual\n\n- Moa na hora\n- Use água filtrada\n- Prove devagar\n\nCada pacote traz a origem e a data da torra.", expect: [] },
  { id: "pt-clean-4", brand: "aurora", markdown: "## Plano anual\n\nQuem escolhe o plano anual ganha 10% de desconto e nunca fica sem café.", expect: [] },
  { id: "pt-clean-5", brand: "aurora", markdown: "## E-mail de boas-vindas\n\nOlá! Seu primeiro pacote já está a caminho. Responda este e-mail se quiser ajustar a moagem.", expect: [] },
  { id: "pt-clean-6", brand: "aurora", markdown: "## Quem somos\n\nUma torrefação de bairro que conhece cada produtor pelo nome, desde 2015.", expect: [] },
  // ── English ──────────────────────────────────────────────────────────────────────────────────────
  { id: "en-taboo-1", brand: "northwind", markdown: "## Offer\n\nA cheap cup of tea, every morning.", expect: [{ rule: "taboo", evidence: "cheap" }] },
  { id: "en-taboo-2", brand: "northwind", markdown: "Cheaper than the supermarket, and the cheapest box we ever made.", expect: [{ rule: "taboo", evidence: "Cheaper" }, { rule: "taboo", evidence: "cheapest" }] },
  { id: "en-taboo-3", brand: "northwind", markdown: "A miracle in every cup, and two more miracles in the box.", expect: [{ rule: "taboo", evidence: "miracle" }, { rule: "taboo", evidence: "miracles" }] },
  { id: "en-taboo-4", brand: "northwind", markdown: "Start your detox week with our green blend.", expect: [{ rule: "taboo", evidence: "detox" }] },
  { id: "en-trap-1", brand: "northwind", markdown: "Cheapside market sells our tea; the detoxification of soil is a farming term we avoid here.", expect: [] },
  { id: "en-trap-2", brand: "northwind", markdown: "## Words to avoid\n\n- cheap\n- miracle\n- detox\n\nNever say “cheap”: say “fairly priced”.", expect: [] },
  { id: "en-price-ok", brand: "northwind", markdown: "The Estate Box is US$ 24 a month, with free shipping over US$ 50.", expect: [] },
  { id: "en-price-1", brand: "northwind", markdown: "The Estate Box is now US$ 19 a month.", expect: [{ rule: "price", evidence: "US$ 19" }] },
  { id: "en-price-2", brand: "northwind", markdown: "Take 20% off your first box.", expect: [{ rule: "price", evidence: "20% off" }] },
  { id: "en-claim-1", brand: "northwind", markdown: "9 out of 10 tea lovers switch for good.", expect: [{ rule: "claim", evidence: "9 out of 10" }] },
  { id: "en-claim-2", brand: "northwind", markdown: "The leading tea subscription, guaranteed fresh.", expect: [{ rule: "claim", evidence: "leading" }, { rule: "claim", evidence: "guaranteed" }] },
  { id: "en-claim-3", brand: "northwind", markdown: "Clinically proven to calm you down.", expect: [{ rule: "claim", evidence: "Clinically" }, { rule: "claim", evidence: "proven" }] },
  { id: "en-claim-4", brand: "northwind", markdown: "Over 50 thousand customers trust us.", expect: [{ rule: "claim", evidence: "Over 50 thousand customers" }] },
  { id: "en-claim-backed", brand: "northwind", markdown: "Rated the best oolong of 2024 by Leaf Magazine.", expect: [] },
  { id: "en-preamble-1", brand: "northwind", markdown: "Sure, here is the newsletter you asked for.\n\n## This month\n\nA new estate joins the box.", expect: [{ rule: "preamble", evidence: "Sure, here is" }] },
  {
    id: "en-language-1",
    brand: "northwind",
    markdown: "Nosso chá vem de quatro fazendas que visitamos todos os anos, e cada caixa traz a história de quem colheu as folhas. Assine hoje e receba em casa.",
    expect: [{ rule: "language", evidence: "" }],
  },
  { id: "en-clean-1", brand: "northwind", markdown: "## From four estates\n\nWe visit every estate each year and pack the leaves within weeks of the harvest.", expect: [] },
  { id: "en-clean-2", brand: "northwind", markdown: "## Brewing\n\n1. Heat water to 85 °C\n2. Steep for 3 minutes\n3. Taste, then steep again", expect: [] },
  { id: "en-clean-3", brand: "northwind", markdown: "## Your box\n\nThe Estate Box arrives each month for US$ 24, with tasting notes from the grower.", expect: [] },
  { id: "en-clean-4", brand: "northwind", markdown: "## A calm ritual\n\nTake five minutes, a warm cup and the quiet of the morning.", expect: [] },
];
