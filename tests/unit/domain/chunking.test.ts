import { expect, test } from "vitest";
import { chunkMarkdown } from "@/lib/domain/chunking";

test("no headings: paragraphs packed up to the maximum, heading path empty", () => {
  const md = "Primeiro parágrafo.\n\nSegundo parágrafo.\n\nTerceiro.";
  expect(chunkMarkdown(md, 1000)).toEqual([{ headingPath: "", text: "Primeiro parágrafo.\n\nSegundo parágrafo.\n\nTerceiro." }]);
  expect(chunkMarkdown(md, 40).map((c) => c.text)).toEqual(["Primeiro parágrafo.\n\nSegundo parágrafo.", "Terceiro."]);
});

test("H2/H3 start new chunks that keep their heading path (with the H1 above them)", () => {
  const md = "# Alma da marca\n\nIntro.\n\n## Tom de voz\n\nCaloroso.\n\n### Exemplos\n\nOlá, tudo bem?\n\n## Tabus\n\nNunca falar de preço baixo.";
  expect(chunkMarkdown(md, 500)).toEqual([
    { headingPath: "Alma da marca", text: "Intro." },
    { headingPath: "Alma da marca › Tom de voz", text: "Caloroso." },
    { headingPath: "Alma da marca › Tom de voz › Exemplos", text: "Olá, tudo bem?" },
    { headingPath: "Alma da marca › Tabus", text: "Nunca falar de preço baixo." },
  ]);
});

test("a huge paragraph is split between sentences, never inside a word", () => {
  const sentence = "A torra é feita toda semana para garantir frescor. ";
  const chunks = chunkMarkdown(sentence.repeat(30), 200);
  expect(chunks.length).toBeGreaterThan(5);
  for (const c of chunks) {
    expect(c.text.length).toBeLessThanOrEqual(200);
    expect(c.text.endsWith("frescor.")).toBe(true);
  }
  expect(chunks.map((c) => c.text).join(" ").replace(/\s+/g, " ")).toBe(sentence.repeat(30).trim().replace(/\s+/g, " "));
});

test("lists are split only between items; an item keeps its continuation lines", () => {
  const items = Array.from({ length: 12 }, (_, i) => `- Item ${i + 1}: benefício número ${i + 1}\n  com detalhe da linha dois`);
  const chunks = chunkMarkdown(items.join("\n"), 150);
  expect(chunks.length).toBeGreaterThan(1);
  for (const c of chunks) {
    for (const part of c.text.split(/\n(?=- )/)) expect(part).toMatch(/^- Item \d+: benefício número \d+\n {2}com detalhe da linha dois$/);
  }
});

test("tables are split between rows and every piece repeats the header", () => {
  const rows = Array.from({ length: 20 }, (_, i) => `| palavra ${i} | intenção ${i} | alta |`);
  const md = "## Palavras-chave\n\n| Palavra | Intenção | Prioridade |\n| --- | --- | --- |\n" + rows.join("\n");
  const chunks = chunkMarkdown(md, 300);
  expect(chunks.length).toBeGreaterThan(1);
  for (const c of chunks) {
    expect(c.headingPath).toBe("Palavras-chave");
    expect(c.text.startsWith("| Palavra | Intenção | Prioridade |\n| --- | --- | --- |\n| palavra")).toBe(true);
    for (const line of c.text.split("\n")) expect(line).toMatch(/^\|.*\|$/);
  }
  const all = chunks.flatMap((c) => c.text.split("\n").slice(2));
  expect(all).toEqual(rows);
});

test("code blocks stay whole and a # inside them is not a heading", () => {
  const md = "## Exemplo\n\n```bash\n# não é título\nnpm start\n```\n\nDepois do código.";
  expect(chunkMarkdown(md, 500)).toEqual([{ headingPath: "Exemplo", text: "```bash\n# não é título\nnpm start\n```\n\nDepois do código." }]);
});

test("pt-BR accents and empty sections", () => {
  expect(chunkMarkdown("## Essência\n\n## Ação\n\nCoração, pão, ônibus — já.", 100)).toEqual([
    { headingPath: "Ação", text: "Coração, pão, ônibus — já." },
  ]);
  expect(chunkMarkdown("", 100)).toEqual([]);
  expect(chunkMarkdown("   \n\n  ", 100)).toEqual([]);
});

test("setext headings, nested lists, HTML blocks and indented code read as any markdown tool reads them", () => {
  const md = [
    "Alma da marca",
    "=============",
    "",
    "Tom de voz",
    "----------",
    "",
    "- Caloroso",
    "  - sem gírias",
    "  - frases curtas",
    "- Direto",
    "",
    "<div>",
    "## não é título",
    "</div>",
    "",
    "    # nem isto: é código indentado",
    "    npm start",
  ].join("\n");
  const chunks = chunkMarkdown(md, 60);
  expect(chunks.map((c) => c.headingPath)).toEqual(["Alma da marca › Tom de voz", "Alma da marca › Tom de voz", "Alma da marca › Tom de voz"]);
  // The nested items stay inside their parent item; neither the HTML nor the code makes a heading.
  expect(chunks.map((c) => c.text)).toEqual([
    "- Caloroso\n  - sem gírias\n  - frases curtas\n- Direto",
    "<div>\n## não é título\n</div>",
    "# nem isto: é código indentado\n    npm start",
  ]);
  // A list too long for one chunk splits between top-level items only.
  expect(chunkMarkdown(md, 45)[0].text).toBe("- Caloroso\n  - sem gírias\n  - frases curtas");
  expect(chunkMarkdown(md, 45)[1].text.startsWith("- Direto")).toBe(true);
});
