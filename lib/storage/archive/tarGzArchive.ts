import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { extract, pack } from "tar-stream";
import { DomainError } from "../../domain/errors";
import { isSafeEntryName, type ArchiveEntry, type ArchiveLimits } from "../../domain/workspaceArchive";

/** A gzip'd tar of the given entries, as a byte stream. */
export function writeTarGz(entries: AsyncIterable<ArchiveEntry> | Iterable<ArchiveEntry>): Readable {
  const tar = pack();
  void (async () => {
    try {
      for await (const e of entries) {
        await new Promise<void>((resolve, reject) =>
          tar.entry({ name: e.name, size: e.data.length, mode: 0o644, mtime: new Date(0), type: "file" }, e.data, (err) => (err ? reject(err) : resolve())),
        );
      }
      tar.finalize();
    } catch (err) {
      tar.destroy(err as Error);
    }
  })();
  return tar.pipe(createGzip());
}

const refuse = (message: string) => new DomainError("invalid_input", `archive refused: ${message}`, [{ path: "archive", issue: message, code: "bad_archive" }]);

/**
 * Reads a .tar.gz entirely under limits, refusing — before anything is written anywhere — links and any
 * non-file entry, unsafe or unexpected names, duplicates, oversized entries, too many entries, and
 * archives that inflate past the limit (bombs), counted while decompressing.
 */
export async function readTarGz(input: AsyncIterable<Uint8Array> | Readable, limits: ArchiveLimits): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  const gunzip = createGunzip();
  gunzip.on("data", (chunk: Buffer) => {
    total += chunk.length;
    if (total > limits.maxTotalBytes) gunzip.destroy(refuse(`it inflates past ${limits.maxTotalBytes} bytes`));
  });
  const tar = extract();
  tar.on("entry", (header, stream, next) => {
    const name = header.name;
    // Errors of an entry end the whole read (through the tar stream); never leave one unhandled.
    stream.on("error", () => {});
    const fail = (message: string) => {
      stream.resume();
      tar.destroy(refuse(message));
    };
    if (header.type !== "file") return fail(`entry ${JSON.stringify(name)} is a ${header.type}, not a file`);
    if (!isSafeEntryName(name)) return fail(`entry name ${JSON.stringify(name)} is not allowed`);
    if (seen.has(name)) return fail(`entry ${JSON.stringify(name)} appears twice`);
    if ((header.size ?? 0) > limits.maxEntryBytes) return fail(`entry ${JSON.stringify(name)} is larger than ${limits.maxEntryBytes} bytes`);
    if (seen.size + 1 > limits.maxEntries) return fail(`more than ${limits.maxEntries} entries`);
    seen.add(name);
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (data: unknown) => {
      const c = data as Buffer;
      size += c.length;
      if (size > limits.maxEntryBytes) stream.destroy(refuse(`entry ${JSON.stringify(name)} is larger than ${limits.maxEntryBytes} bytes`));
      else chunks.push(c);
    });
    stream.on("end", () => {
      entries.push({ name, data: Buffer.concat(chunks) });
      next();
    });
  });
  try {
    await pipeline(input instanceof Readable ? input : Readable.from(input), gunzip, tar);
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw refuse(`not a readable .tar.gz (${(err as Error).message})`);
  }
  return entries;
}
