import { gunzipSync, gzipSync } from "node:zlib";
import { extract, pack } from "tar-stream";

type Headers = Parameters<ReturnType<typeof pack>["entry"]>[0];

/** Reads a .tar.gz buffer into entries (for tests that inspect or tamper with an export). */
export async function untar(gz: Buffer): Promise<{ name: string; data: Buffer }[]> {
  const out: { name: string; data: Buffer }[] = [];
  const ex = extract();
  const done = new Promise<void>((resolve, reject) => {
    ex.on("entry", (h, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: unknown) => chunks.push(c as Buffer));
      stream.on("end", () => {
        out.push({ name: h.name, data: Buffer.concat(chunks) });
        next();
      });
    });
    ex.on("finish", resolve);
    ex.on("error", reject);
  });
  ex.end(gunzipSync(gz));
  await done;
  return out;
}

/** Packs entries (with optional raw tar headers, e.g. symlinks) into a .tar.gz buffer. */
export async function tarGz(entries: ({ name: string; data: Buffer } | { header: Headers; data?: Buffer })[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on("data", (c: unknown) => chunks.push(c as Buffer));
  const ended = new Promise<void>((r) => p.on("end", () => r()));
  for (const e of entries) {
    await new Promise<void>((resolve, reject) => {
      const header = "header" in e ? e.header : { name: e.name, size: e.data.length, type: "file" as const };
      p.entry(header, e.data ?? Buffer.alloc(0), (err) => (err ? reject(err) : resolve()));
    });
  }
  p.finalize();
  await ended;
  return gzipSync(Buffer.concat(chunks));
}
