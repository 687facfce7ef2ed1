import type { Content, Heading, Root, Table } from "mdast";
import { toString } from "mdast-util-to-string";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";

// Markdown → retrieval chunks: split at H1–H3 headings, then by blocks (paragraphs, lists, tables,
// code), packed up to a maximum size. The markdown is read as every markdown tool reads it — the
// mdast tree of remark + GFM (setext headings, nested lists, HTML blocks, indented code) — and each
// block keeps its own source text. A chunk keeps its heading path; a list item, a table row or a code
// line is never cut in the middle unless that single piece is itself larger than the maximum.

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
  /** For tables: the header and delimiter rows, repeated in every piece of a split table. */
  header?: string;
}

const parser = unified().use(remarkParse).use(remarkGfm);

/** The markdown tree of a text (remark + GFM): shared by chunking and the brand guard. */
export function parseMarkdown(markdown: string): Root {
  return parser.parse(markdown);
}

function sentences(paragraph: string): string[] {
  return paragraph.match(/[^.!?…]+(?:[.!?…]+["”’)]*\s*|$)/g)?.filter((s) => s.length) ?? [paragraph];
}

function blockOf(node: Content, source: (n: { position?: Content["position"] }) => string): Block {
  const text = source(node);
  switch (node.type) {
    case "list":
      return { kind: "list", units: node.children.map(source) };
    case "table": {
      const rows = (node as Table).children;
      if (rows.length < 2) return { kind: "table", units: rows.map(source) };
      // The header row and the delimiter row under it: everything before the first body row.
      const start = node.position!.start.offset!;
      const header = text.slice(0, rows[1].position!.start.offset! - start).trimEnd();
      return { kind: "table", header, units: rows.slice(1).map(source) };
    }
    case "code":
    case "html":
      return { kind: "code", units: text.split("\n") };
    default:
      return { kind: "paragraph", units: sentences(text) };
  }
}

function sectionsOf(markdown: string): { path: string[]; blocks: Block[] }[] {
  const source = (n: { position?: Content["position"] }) => (n.position ? markdown.slice(n.position.start.offset, n.position.end.offset) : "");
  const sections: { path: string[]; blocks: Block[] }[] = [{ path: [], blocks: [] }];
  const stack: string[] = [];
  for (const node of parseMarkdown(markdown).children) {
    if (node.type === "heading") {
      const h = node as Heading;
      stack.length = Math.min(stack.length, h.depth - 1);
      while (stack.length < h.depth - 1) stack.push("");
      stack[h.depth - 1] = toString(h).trim();
      if (h.depth <= 3) {
        sections.push({ path: stack.filter(Boolean), blocks: [] });
        continue;
      }
    }
    if (node.type === "definition" || node.type === "yaml") continue;
    sections[sections.length - 1].blocks.push(blockOf(node, source));
  }
  return sections;
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
  for (const section of sectionsOf(markdown.replace(/\r\n?/g, "\n"))) {
    const headingPath = section.path.join(" › ");
    let current = "";
    const flush = () => {
      if (current.trim()) chunks.push({ headingPath, text: current.trim() });
      current = "";
    };
    for (const block of section.blocks) {
      for (const piece of splitBlock(block, maxChars)) {
        if (current && current.length + 2 + piece.length > maxChars) flush();
        current = current ? `${current}\n\n${piece}` : piece;
      }
    }
    flush();
  }
  return chunks;
}
