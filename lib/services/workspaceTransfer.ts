import { createHash } from "node:crypto";
import { conflict, invalidInput, notFound } from "../domain/errors";
import { isId, type IdKind } from "../domain/ids";
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  manifestSchema,
  TABLES,
  type ArchiveCodec,
  type ArchiveEntry,
  type ArchiveLimits,
  type Manifest,
  type TableName,
  type TableRows,
} from "../domain/workspaceArchive";
import type { OwnedKind } from "../domain/accounts";
import type { ServiceDeps } from "./serviceDeps";

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** The id kind of each table's primary key: imported ids are validated like server-made ones. */
const ID_KIND: Record<TableName, IdKind> = {
  brands: "brand", products: "product", canonical_versions: "version", threads: "thread", chat_messages: "message",
  runs: "run", stages: "stage", stage_attempts: "attempt", artifacts: "artifact", decisions: "decision",
  feedback: "feedback", promotions: "promotion",
};

export interface ImportReport {
  imported: Record<string, number>;
  files: number;
  conflicts: { kind: "row" | "file"; table?: TableName; id?: string; path?: string }[];
  memory: { chunks: number } | null;
}

export type WorkspaceTransfer = ReturnType<typeof createWorkspaceTransfer>;

/**
 * Hosted mode: every row of an archive must hang on something in the archive or on something the importer's
 * organization owns — a product, campaign, message, run or proposal naming another organization's brand
 * would otherwise be written into it — and nothing in the archive may be another organization's already
 * (with `merge` its rows would be skipped and the rest hung on it). Refused as a whole, naming nothing.
 */
async function requireOwnReferences(tables: TableRows, whose: (kind: OwnedKind, id: string) => Promise<"mine" | "elsewhere" | "none">): Promise<void> {
  const inArchive = (t: TableName) => new Set(tables[t].map((r) => r.id as string));
  const here = { brand: inArchive("brands"), product: inArchive("products"), thread: inArchive("threads"), run: inArchive("runs") };
  const stageRows = inArchive("stages");
  const outside = new Map<string, { kind: OwnedKind; id: string }>();
  const refer = (kind: OwnedKind, id: unknown) => {
    if (typeof id === "string" && !here[kind].has(id)) outside.set(`${kind}:${id}`, { kind, id });
  };
  for (const r of tables.products) refer("brand", r.brandId);
  for (const r of tables.threads) (refer("brand", r.brandId), refer("product", r.productId));
  for (const r of tables.chat_messages) refer("thread", r.threadId);
  for (const r of tables.runs) refer("thread", r.threadId);
  for (const t of ["stages", "artifacts", "decisions", "feedback"] as const) for (const r of tables[t]) refer("run", r.runId);
  for (const t of ["canonical_versions", "promotions"] as const) for (const r of tables[t]) refer(r.entityType === "product" ? "product" : "brand", r.entityId);
  const strayAttempt = tables.stage_attempts.some((r) => !stageRows.has(r.stageRowId as string));
  const inside = (Object.keys(here) as OwnedKind[]).flatMap((kind) => [...here[kind]].map((id) => ({ kind, id })));
  const [outer, inner] = await Promise.all([
    Promise.all([...outside.values()].map((ref) => whose(ref.kind, ref.id))),
    Promise.all(inside.map((ref) => whose(ref.kind, ref.id))),
  ]);
  if (strayAttempt || outer.some((w) => w !== "mine") || inner.some((w) => w === "elsewhere")) {
    throw invalidInput("archive refused: some of its rows belong to brands, campaigns or runs that are neither in the archive nor your organization's", [
      { path: "", issue: "refers outside the archive and the organization", code: "foreign_reference" },
    ]);
  }
}

/** The whole workspace (no scope), one brand, or (hosted mode) an organization's brands. */
export type ExportScope = { kind: "brand"; brandId: string } | { kind: "organization"; organizationId: string; brandIds: string[] };

/**
 * Export and import of a whole workspace (or one brand): the database as JSON plus every blob, with a
 * manifest of sha256 checksums. An import is verified whole before anything is touched, then applied
 * in one unit of work (rows and files land together or not at all), then the memory index is rebuilt.
 */
export function createWorkspaceTransfer(
  deps: ServiceDeps & {
    codec: ArchiveCodec;
    limits: ArchiveLimits;
    appVersion: string;
    rebuildMemory: () => Promise<{ chunks: number }>;
    afterImport: () => Promise<void>;
  },
) {
  const { repos, uow, blobs, clock } = deps;

  async function exportEntries(scope?: ExportScope): Promise<ArchiveEntry[]> {
    if (scope?.kind === "brand" && (!isId("brand", scope.brandId) || !(await repos.brands.get(scope.brandId)))) throw notFound("brand", scope.brandId);
    const brandIds = !scope ? null : scope.kind === "brand" ? [scope.brandId] : scope.brandIds;
    // One read transaction: the rows are a consistent snapshot.
    const dumped = await uow.run((tx) => tx.tables.dump(brandIds ? { brandIds } : undefined));
    // Which organization owned a brand means nothing elsewhere: an archive carries none (an import assigns it).
    const tables = { ...dumped, brands: dumped.brands.map((b) => ({ ...b, organizationId: null })) };
    const folders = brandIds
      ? [
          ...brandIds.map((id) => `brands/${id}`),
          ...tables.threads.map((t) => `threads/${t.id as string}`),
          ...tables.runs.map((r) => `runs/${r.id as string}`),
        ]
      : ["brands", "threads", "runs"];
    const entries: ArchiveEntry[] = TABLES.map((t) => ({ name: `db/${t}.json`, data: Buffer.from(JSON.stringify(tables[t], null, 1) + "\n") }));
    for (const path of await blobs.list(folders)) {
      const data = await blobs.readBytes(path);
      if (data) entries.push({ name: `files/${path}`, data });
    }
    const manifest: Manifest = {
      format: ARCHIVE_FORMAT,
      format_version: ARCHIVE_VERSION,
      app_version: deps.appVersion,
      created_at: clock.now().toISOString(),
      scope: !scope ? { kind: "workspace" } : scope.kind === "brand" ? { kind: "brand", brand_id: scope.brandId } : { kind: "organization", organization_id: scope.organizationId },
      counts: { ...Object.fromEntries(TABLES.map((t) => [t, tables[t].length])), files: entries.length - TABLES.length },
      entries: entries.map((e) => ({ path: e.name, bytes: e.data.length, sha256: sha256(e.data) })),
    };
    return [{ name: "manifest.json", data: Buffer.from(JSON.stringify(manifest, null, 2) + "\n") }, ...entries];
  }

  /** Everything an archive must satisfy before a single row or file is written. */
  function verify(entries: ArchiveEntry[]): { manifest: Manifest; tables: TableRows; files: ArchiveEntry[] } {
    const byName = new Map(entries.map((e) => [e.name, e]));
    const raw = byName.get("manifest.json");
    if (!raw) throw invalidInput("archive refused: no manifest.json", [{ path: "manifest.json", issue: "missing", code: "bad_archive" }]);
    let manifest: Manifest;
    try {
      const parsed = manifestSchema.safeParse(JSON.parse(raw.data.toString("utf8")));
      if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      manifest = parsed.data;
    } catch (err) {
      throw invalidInput(`archive refused: bad manifest (${(err as Error).message})`, [{ path: "manifest.json", issue: "invalid", code: "bad_archive" }]);
    }
    const listed = new Map(manifest.entries.map((e) => [e.path, e]));
    const problems: { path: string; issue: string; code: string }[] = [];
    for (const e of entries) {
      if (e.name === "manifest.json") continue;
      const m = listed.get(e.name);
      if (!m) problems.push({ path: e.name, issue: "not listed in the manifest", code: "unlisted_entry" });
      else if (m.bytes !== e.data.length || m.sha256 !== sha256(e.data)) problems.push({ path: e.name, issue: "checksum mismatch", code: "checksum_mismatch" });
    }
    for (const path of listed.keys()) if (!byName.has(path)) problems.push({ path, issue: "listed in the manifest but missing", code: "missing_entry" });
    if (problems.length) throw invalidInput(`archive refused: ${problems.length} entr${problems.length === 1 ? "y" : "ies"} failed verification`, problems.slice(0, 50));

    const tables = {} as TableRows;
    for (const t of TABLES) {
      const entry = byName.get(`db/${t}.json`);
      if (!entry) throw invalidInput(`archive refused: db/${t}.json is missing`, [{ path: `db/${t}.json`, issue: "missing", code: "bad_archive" }]);
      let rows: unknown;
      try {
        rows = JSON.parse(entry.data.toString("utf8"));
      } catch {
        rows = null;
      }
      if (!Array.isArray(rows) || rows.some((r) => !r || typeof r !== "object" || Array.isArray(r))) {
        throw invalidInput(`archive refused: db/${t}.json is not a list of rows`, [{ path: `db/${t}.json`, issue: "not a list of rows", code: "bad_archive" }]);
      }
      const bad = (rows as Record<string, unknown>[]).find((r) => !isId(ID_KIND[t], r.id));
      if (bad) throw invalidInput(`archive refused: db/${t}.json has a row with an invalid id`, [{ path: `db/${t}.json`, issue: `invalid id ${JSON.stringify(bad.id)}`, code: "bad_archive" }]);
      tables[t] = rows as Record<string, unknown>[];
    }
    const unknownTables = entries.filter((e) => e.name.startsWith("db/") && !TABLES.includes(e.name.slice(3, -5) as TableName));
    if (unknownTables.length) throw invalidInput("archive refused: unknown table", unknownTables.map((e) => ({ path: e.name, issue: "unknown table", code: "bad_archive" })));
    return { manifest, tables, files: entries.filter((e) => e.name.startsWith("files/")) };
  }

  return {
    /** The archive as a byte stream (GET /workspace/export, `npm run vm -- export`). */
    async exportArchive(scope?: ExportScope): Promise<{ stream: AsyncIterable<Uint8Array>; fileName: string }> {
      const entries = await exportEntries(scope);
      const stamp = clock.now().toISOString().replace(/[:.]/g, "-");
      const name = !scope ? "workspace" : scope.kind === "brand" ? scope.brandId : scope.organizationId;
      return { stream: deps.codec.write(entries), fileName: `vm-studio-${name}-${stamp}.tar.gz` };
    },

    /**
     * Imports an archive. Without `merge` any row or file that already exists is a 409 and nothing changes
     * (the normal case: an empty workspace). With `merge`, what exists is kept, reported, and skipped.
     */
    async importArchive(
      input: AsyncIterable<Uint8Array>,
      { merge = false, organizationId = null, whose }: { merge?: boolean; organizationId?: string | null; whose?: (kind: OwnedKind, id: string) => Promise<"mine" | "elsewhere" | "none"> } = {},
    ): Promise<ImportReport> {
      const entries = await deps.codec.read(input, deps.limits);
      const { tables, files } = verify(entries);
      if (whose) await requireOwnReferences(tables, whose);
      // The brands belong to whoever imports them (hosted mode: the importer's organization), never to the
      // organization named in the archive.
      tables.brands = tables.brands.map((b) => ({ ...b, organizationId }));
      const report: ImportReport = { imported: {}, files: 0, conflicts: [], memory: null };
      await uow.run(async (tx) => {
        for (const t of TABLES) {
          const existing = await tx.tables.existingIds(t, tables[t].map((r) => r.id as string));
          for (const id of existing) report.conflicts.push({ kind: "row", table: t, id });
          const fresh = tables[t].filter((r) => !existing.has(r.id as string));
          if (merge || existing.size === 0) {
            await tx.tables.insert(t, fresh);
            report.imported[t] = fresh.length;
          }
        }
        const existingFiles = new Set(await blobs.list(["brands", "threads", "runs"]));
        for (const f of files) {
          const path = f.name.slice("files/".length);
          if (existingFiles.has(path)) {
            report.conflicts.push({ kind: "file", path });
            continue;
          }
          await tx.files.put(path, f.data.toString("utf8"));
          report.files++;
        }
        if (!merge && report.conflicts.length) {
          throw conflict(`the workspace already has ${report.conflicts.length} of the archive's rows or files; import into an empty workspace or pass merge`, report.conflicts.slice(0, 50).map((c) => ({ path: c.path ?? `${c.table}/${c.id}`, issue: "already exists", code: "exists" })));
        }
      });
      await deps.afterImport();
      report.memory = await deps.rebuildMemory();
      return report;
    },
  };
}
