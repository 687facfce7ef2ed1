// The floor lexical retrieval is measured against: plain BM25 with Portuguese stemming (LanceDB's own
// full-text index, `language: Portuguese, stem: true`, nothing else), over the same sources chunked the
// same way, asked the same questions within the same brand. What VM Studio's lexical mode must beat.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { chunkMarkdown } from "../lib/domain/chunking";
import { FIXTURE, QUERIES, type FixtureQuery } from "./retrievalFixture";

type Expect = FixtureQuery["expect"];
const sameSource = (a: Expect, b: Expect) => a.kind === b.kind && (a.kind !== "artifact" || (b.kind === "artifact" && a.stage === b.stage));

export async function bm25PortugueseBaseline(queries: FixtureQuery[] = QUERIES): Promise<{ recallAt5: number; mrr: number; hits: boolean[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vm-bm25-"));
  try {
    const rows: { brand: string; source: string; text: string }[] = [];
    const add = (brand: string, source: Expect, md: string) => {
      for (const c of chunkMarkdown(md, 1200)) rows.push({ brand, source: JSON.stringify(source), text: `${c.headingPath}\n${c.text}` });
    };
    for (const f of FIXTURE) {
      add(f.key, { kind: "soul" }, f.brand.soul_md);
      add(f.key, { kind: "essence" }, f.product.essence_md);
      for (const [stage, md] of Object.entries(f.foundation)) add(f.key, { kind: "artifact", stage }, md);
      for (const fb of f.feedback) add(f.key, { kind: "feedback" }, fb.comment);
      // The canonical fields are memory too (a distractor here, as in the app).
      add(f.key, { kind: "canonical" } as unknown as Expect, [...Object.values(f.brand), ...Object.values(f.product)].flat().join("\n"));
    }
    const db = await lancedb.connect(dir);
    const table = await db.createTable("chunks", rows);
    await table.createIndex("text", { config: lancedb.Index.fts({ language: "Portuguese", stem: true, removeStopWords: false, asciiFolding: false, withPosition: false }) });
    const hits: boolean[] = [];
    let rr = 0;
    for (const q of queries) {
      const found = (await table.search(q.query, "fts").where(`brand = '${q.brand}'`).limit(5).toArray()) as { source: string }[];
      const rank = found.findIndex((r) => sameSource(JSON.parse(r.source), q.expect));
      hits.push(rank >= 0);
      if (rank >= 0) rr += 1 / (rank + 1);
    }
    return { recallAt5: hits.filter(Boolean).length / queries.length, mrr: rr / queries.length, hits };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
