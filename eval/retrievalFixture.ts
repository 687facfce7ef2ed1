// The retrieval evaluation set: two brands (so scope leaks would show), pt-BR and English artifacts
// written by us, and questions a marketer would ask, each with the source that should answer it.

export interface FixtureBrand {
  key: string;
  brand: { name: string; audience: string; tone: string; taboos: string[]; promise: string; soul_md: string };
  product: { name: string; offer: string; price: string; differentiator: string; constraints: string; essence_md: string };
  /** Foundation stage outputs, approved in order (research has no gate). */
  foundation: Record<"research" | "brand-voice" | "positioning" | "keywords", string>;
  /** Feedback left on the run (remembered as episodic memory). */
  feedback: { stage: string; verdict: "worked" | "did_not_work"; comment: string }[];
}

export interface FixtureQuery {
  brand: string;
  query: string;
  /**
   * "same": asked with the document's own words; "paraphrase": the same language, other words and
   * inflections; "cross": asked in the other language (only meaning can find it).
   */
  style: "same" | "paraphrase" | "cross";
  /** The source that answers it: a stage's artifact, the feedback, or the brand's soul. */
  expect: { kind: "artifact"; stage: string } | { kind: "feedback" } | { kind: "soul" } | { kind: "essence" };
}

export const FIXTURE: FixtureBrand[] = [
  {
    key: "aurora",
    brand: {
      name: "Café Aurora",
      audience: "baristas caseiros e amantes de café especial",
      tone: "caloroso, direto, sem jargão técnico",
      taboos: ["barato", "promoção relâmpago"],
      promise: "café torrado nesta semana, na sua porta",
      soul_md:
        "# Alma da Café Aurora\n\n## Origem\n\nNascemos numa torrefação pequena de Minas Gerais. Cada lote vem de produtores que conhecemos pelo nome.\n\n## Como falamos\n\nFalamos como um amigo que entende de café: perto, sem pose, sem termos de laboratório.",
    },
    product: {
      name: "Assinatura Aurora",
      offer: "1 kg de café especial por mês",
      price: "R$ 89/mês",
      differentiator: "torra semanal sob demanda",
      constraints: "não prometer benefícios de saúde",
      essence_md: "## Essência\n\nA assinatura existe para que ninguém precise beber café velho de novo. A torra acontece depois do pedido.",
    },
    foundation: {
      research:
        "## Dores do público\n\nBaristas caseiros reclamam do café de supermercado: embalagens sem data de torra e grãos sem frescor.\n\n## Concorrentes\n\nClubes de assinatura grandes entregam lotes torrados há meses e competem por desconto.\n\n## Linguagem do público\n\nUsam palavras como extração, moagem na hora, notas de chocolate e acidez brilhante.",
      "brand-voice":
        "## Atributos da voz\n\n- Calorosa: fala de perto, como quem recebe em casa.\n- Direta: frases curtas, sem rodeios.\n\n## Faz / não faz\n\n| Faz | Não faz |\n| --- | --- |\n| Conta a história do produtor | Usa jargão de laboratório |\n| Mostra a data da torra | Fala em preço baixo |",
      positioning:
        "## Declaração de posicionamento\n\nPara quem leva o café da manhã a sério, a Assinatura Aurora é o único clube que torra depois do pedido, porque frescor não se estoca.\n\n## Provas\n\nData da torra impressa em cada pacote e entrega em até 5 dias.",
      keywords:
        "## Palavras-chave\n\n| Palavra | Intenção | Prioridade |\n| --- | --- | --- |\n| assinatura de café especial | compra | alta |\n| café torrado na hora | informação | média |\n| clube do café fresco | compra | alta |",
    },
    feedback: [{ stage: "positioning", verdict: "worked", comment: "A frase 'frescor não se estoca' teve a melhor taxa de abertura na newsletter." }],
  },
  {
    key: "northwind",
    brand: {
      name: "Northwind Yoga",
      audience: "remote workers with back pain who want short daily routines",
      tone: "calm, encouraging, evidence-minded",
      taboos: ["miracle cure", "no pain no gain"],
      promise: "ten minutes a day for a back that stops complaining",
      soul_md:
        "# Northwind soul\n\n## Why we exist\n\nDesk jobs bend people into question marks. We teach tiny, daily routines that fit between meetings.\n\n## How we speak\n\nGently and honestly: we never promise cures, we promise consistency.",
    },
    product: {
      name: "Desk Reset Course",
      offer: "21 guided video sessions of ten minutes",
      price: "US$ 49 one-time",
      differentiator: "sessions designed with physiotherapists for chairs and small rooms",
      constraints: "no medical claims; recommend a doctor for acute pain",
      essence_md: "## Essence\n\nThe course is a habit, not a workout: ten minutes, no mat needed, done in office clothes.",
    },
    foundation: {
      research:
        "## Audience pains\n\nRemote workers describe stiff lower backs after long video calls and feel guilty about skipping the gym.\n\n## Competitors\n\nBig fitness apps sell hour-long classes that need space, equipment and motivation.\n\n## Audience language\n\nThey say 'my back is killing me', 'I sit all day', 'I have no time'.",
      "brand-voice":
        "## Voice attributes\n\n- Calm: short sentences, no exclamation marks.\n- Encouraging: celebrate streaks, never shame.\n\n## Do / don't\n\n- Do: mention the physiotherapists who designed the sessions.\n- Don't: use gym slang or before/after photos.",
      positioning:
        "## Positioning statement\n\nFor remote workers whose backs ache by Friday, Desk Reset is the ten-minute routine you can do in your chair, designed with physiotherapists, unlike hour-long fitness classes.\n\n## Key messages\n\nNo mat, no change of clothes, no guilt.",
      keywords:
        "## Keywords\n\n| Keyword | Intent | Priority |\n| --- | --- | --- |\n| desk stretches for lower back | informational | high |\n| yoga for remote workers | commercial | high |\n| 10 minute back routine | informational | medium |",
    },
    feedback: [{ stage: "brand-voice", verdict: "did_not_work", comment: "Readers found the streak badges childish; drop the gamification talk." }],
  },
];

export const QUERIES: FixtureQuery[] = [
  { brand: "aurora", style: "same", query: "do que os baristas caseiros reclamam no café de supermercado?", expect: { kind: "artifact", stage: "research" } },
  { brand: "aurora", style: "same", query: "concorrentes clubes de assinatura desconto", expect: { kind: "artifact", stage: "research" } },
  { brand: "aurora", style: "same", query: "o que a voz da marca não faz", expect: { kind: "artifact", stage: "brand-voice" } },
  { brand: "aurora", style: "same", query: "frase de posicionamento frescor não se estoca", expect: { kind: "artifact", stage: "positioning" } },
  { brand: "aurora", style: "same", query: "qual frase teve melhor taxa de abertura na newsletter", expect: { kind: "feedback" } },
  { brand: "aurora", style: "same", query: "palavras-chave com intenção de compra", expect: { kind: "artifact", stage: "keywords" } },
  { brand: "aurora", style: "same", query: "de onde vem o café, origem dos produtores", expect: { kind: "soul" } },
  { brand: "aurora", style: "same", query: "provas: data da torra e prazo de entrega", expect: { kind: "artifact", stage: "positioning" } },
  { brand: "aurora", style: "cross", query: "coffee subscription keywords", expect: { kind: "artifact", stage: "keywords" } },
  { brand: "northwind", style: "same", query: "what do remote workers say about their backs?", expect: { kind: "artifact", stage: "research" } },
  { brand: "northwind", style: "same", query: "competitors hour-long fitness classes", expect: { kind: "artifact", stage: "research" } },
  { brand: "northwind", style: "same", query: "voice do and don't gym slang", expect: { kind: "artifact", stage: "brand-voice" } },
  { brand: "northwind", style: "same", query: "positioning statement chair routine physiotherapists", expect: { kind: "artifact", stage: "positioning" } },
  { brand: "northwind", style: "same", query: "what feedback did readers give about streak badges", expect: { kind: "feedback" } },
  { brand: "northwind", style: "same", query: "keywords for lower back stretches", expect: { kind: "artifact", stage: "keywords" } },
  { brand: "northwind", style: "same", query: "why does the brand exist", expect: { kind: "soul" } },
  { brand: "northwind", style: "cross", query: "alongamento para dor nas costas de quem trabalha sentado", expect: { kind: "artifact", stage: "keywords" } },
  { brand: "northwind", style: "same", query: "course is a habit not a workout", expect: { kind: "essence" } },
  // Paraphrases: other words and other inflections of the same ideas.
  { brand: "aurora", style: "paraphrase", query: "reclamações de quem compra café no mercado", expect: { kind: "artifact", stage: "research" } },
  { brand: "aurora", style: "paraphrase", query: "embalagens que não dizem quando o grão foi torrado", expect: { kind: "artifact", stage: "research" } },
  { brand: "aurora", style: "paraphrase", query: "conhecemos pessoalmente cada produtor", expect: { kind: "soul" } },
  { brand: "aurora", style: "paraphrase", query: "torramos somente depois que o cliente pede", expect: { kind: "essence" } },
  { brand: "aurora", style: "paraphrase", query: "entregamos em poucos dias com a torra impressa", expect: { kind: "artifact", stage: "positioning" } },
  { brand: "northwind", style: "paraphrase", query: "stiffness after long video meetings", expect: { kind: "artifact", stage: "research" } },
  { brand: "northwind", style: "paraphrase", query: "celebrating streaks instead of shaming people", expect: { kind: "artifact", stage: "brand-voice" } },
  { brand: "northwind", style: "paraphrase", query: "readers disliked the gamification", expect: { kind: "feedback" } },
  { brand: "northwind", style: "paraphrase", query: "hour long classes needing equipment", expect: { kind: "artifact", stage: "research" } },
  // Typed in a hurry (no accents) and in other inflections: what stemming and folding are for.
  { brand: "aurora", style: "paraphrase", query: "reclamacoes sobre cafe de supermercado", expect: { kind: "artifact", stage: "research" } },
  { brand: "aurora", style: "paraphrase", query: "producao familiar e produtores conhecidos", expect: { kind: "soul" } },
  { brand: "aurora", style: "paraphrase", query: "intencoes de compra das palavras", expect: { kind: "artifact", stage: "keywords" } },
  { brand: "northwind", style: "paraphrase", query: "shaming and celebrating", expect: { kind: "artifact", stage: "brand-voice" } },
  { brand: "northwind", style: "paraphrase", query: "stretching routines", expect: { kind: "artifact", stage: "keywords" } },
  { brand: "northwind", style: "paraphrase", query: "designing with physiotherapy", expect: { kind: "artifact", stage: "positioning" } },
  // Across languages: a marketer asks in the other language.
  { brand: "aurora", style: "cross", query: "what do home baristas complain about?", expect: { kind: "artifact", stage: "research" } },
  { brand: "northwind", style: "cross", query: "por que a marca existe", expect: { kind: "soul" } },
];
