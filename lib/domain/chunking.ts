// Markdown → retrieval chunks: split at H2/H3 headings, then by blocks (paragraphs, lists, tables, code),
// packed up to a maximum size. A chunk keeps its heading path; a list item, a table row or a code line is
// never cut in the middle unless that single piece is itself larger than the maximum.

export interface Chunk {
  /** "Title › Section › Subsection" of the headings above the chunk ("" when there are none). */
  headingPath: string;
  text: string;
}

type BlockKind = "paragraph" | "list" | "table" | "code";
interface Block {
  kind: BlockKind;
  /** Units the block may be split between: list items, table rows (header kept), code lines, sentences. */
  units: string[];
  /** For tables: the header and separator rows, repeated in every piece of a split table. */
  header?: string;
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const LIST_ITEM = /^(\s*)([-*+]|\d+[.)])\s+/;
const TABLE_ROW = /^\s*\|/;
const FENCE = /^\s*(```|~~~)/;

function sectionsOf(markdown: string): { path: string[]; lines: string[] }[] {
  const sections: { path: string[]; lines: string[] }[] = [{ path: [], lines: [] }];
  const stack: string[] = [];
  let inFence = false;
  for (const line of markdown.replace(/\r\n?/g, "\n").split("\n")) {
    if (FENCE.test(line)) inFence = !inFence;
    const h = !inFence && line.match(HEADING);
    if (h) {
      const level = h[1].length;
      const title = h[2].trim();
      stack.length = Math.min(stack.length, level - 1);
      while (stack.length < level - 1) stack.push("");
      stack[level - 1] = title;
      if (level <= 3) {
        sections.push({ path: stack.filter(Boolean), lines: [] });
        continue;
      }
    }
    sections[sections.length - 1].lines.push(line);
  }
  return sections;
}

function sentences(paragraph: string): string[] {
  return paragraph.match(/[^.!?…]+(?:[.!?…]+["”’)]*\s*|$)/g)?.filter((s) => s.length) ?? [paragraph];
}

function blocksOf(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }
    if (FENCE.test(line)) {
      const fence = line.trim().slice(0, 3);
      const body = [line];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(fence)) body.push(lines[i++]);
      if (i < lines.length) body.push(lines[i++]);
      blocks.push({ kind: "code", units: body });
      continue;
    }
    if (TABLE_ROW.test(line)) {
      const rows: string[] = [];
      while (i < lines.length && TABLE_ROW.test(lines[i])) rows.push(lines[i++]);
      const hasHeader = rows.length > 1 && /^\s*\|?\s*:?-{2,}/.test(rows[1]);
      blocks.push(hasHeader ? { kind: "table", header: rows.slice(0, 2).join("\n"), units: rows.slice(2) } : { kind: "table", units: rows });
      continue;
    }
    if (LIST_ITEM.test(line)) {
      const items: string[] = [];
      while (i < lines.length && lines[i].trim()) {
        if (LIST_ITEM.test(lines[i]) && (items.length === 0 || (lines[i].match(LIST_ITEM)![1].length === 0))) items.push(lines[i]);
        else items[items.length - 1] += "\n" + lines[i];
        i++;
      }
      blocks.push({ kind: "list", units: items });
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i].trim() && !FENCE.test(lines[i]) && !TABLE_ROW.test(lines[i]) && !LIST_ITEM.test(lines[i])) para.push(lines[i++]);
    blocks.push({ kind: "paragraph", units: sentences(para.join("\n")) });
  }
  return blocks;
}

/** Splits one block into texts of at most `max` characters, only between its units when possible. */
function splitBlock(block: Block, max: number): string[] {
  const join = (units: string[]) =>
    block.kind === "paragraph" ? units.join("").trim() : [block.header, ...units].filter(Boolean).join("\n");
  const whole = join(block.units);
  if (whole.length <= max) return [whole];
  const out: string[] = [];
  let current: string[] = [];
  for (const unit of block.units) {
    if (current.length && join([...current, unit]).length > max) {
      out.push(join(current));
      current = [];
    }
    if (join([unit]).length > max) {
      // A single unit larger than the maximum: cut it at whitespace as a last resort.
      for (let rest = unit; rest.length; ) {
        let cut = rest.length <= max ? rest.length : rest.lastIndexOf(" ", max);
        if (cut <= 0) cut = max;
        out.push(block.kind === "paragraph" ? rest.slice(0, cut).trim() : join([rest.slice(0, cut)]));
        rest = rest.slice(cut);
      }
      continue;
    }
    current.push(unit);
  }
  if (current.length) out.push(join(current));
  return out.filter((t) => t.trim());
}

export function chunkMarkdown(markdown: string, maxChars: number): Chunk[] {
  const chunks: Chunk[] = [];
  for (const section of sectionsOf(markdown)) {
    const headingPath = section.path.join(" › ");
    let current = "";
    const flush = () => {
      if (current.trim()) chunks.push({ headingPath, text: current.trim() });
      current = "";
    };
    for (const block of blocksOf(section.lines)) {
      for (const piece of splitBlock(block, maxChars)) {
        if (current && current.length + 2 + piece.length > maxChars) flush();
        current = current ? `${current}\n\n${piece}` : piece;
      }
    }
    flush();
  }
  return chunks;
}
