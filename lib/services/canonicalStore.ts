import { CANONICAL, fieldsOf, type CanonicalFields, type CanonicalKind, type CanonicalRecord } from "../domain/canonical";
import type { CanonicalSource, CanonicalVersion } from "../domain/canonicalVersion";
import { withMarkdown as withMarkdownOf, type EntityOf } from "../domain/canonicalReads";
import { conflict, notFound } from "../domain/errors";
import { isId, newId } from "../domain/ids";
import { canonicalRepository, type FileChanges, type Repositories } from "../domain/ports";
import { writeCanonicalFiles } from "./canonicalFiles";
import type { ServiceDeps } from "./serviceDeps";

type Tx = Repositories & { files: FileChanges };


export type CanonicalStore = ReturnType<typeof createCanonicalStore>;

/**
 * Canonical memory of any kind (brand, product): read, create, update, history and restore, from the
 * kind's spec. Every save is a new canonical version, compare-and-set on the version it started from.
 * What truly differs per kind (creation's parent, the cascade of a delete) stays in its own service.
 */
export function createCanonicalStore({ repos, uow, blobs, clock, indexing }: ServiceDeps) {
  async function requireRecord(kind: CanonicalKind, id: string): Promise<CanonicalRecord> {
    const record = isId(kind, id) ? await canonicalRepository(repos, kind).get(id) : null;
    if (!record) throw notFound(kind, id);
    return record;
  }

  const entity = <K extends CanonicalKind>(kind: K, record: CanonicalRecord, markdown: string) =>
    ({ ...record, [CANONICAL[kind].markdown.key]: markdown }) as unknown as EntityOf<K>;
  const withMarkdown = <K extends CanonicalKind>(kind: K, record: CanonicalRecord) => withMarkdownOf(blobs, kind, record);
  const readMarkdown = async (kind: CanonicalKind, record: CanonicalRecord) =>
    (await withMarkdown(kind, record) as unknown as Record<string, string>)[CANONICAL[kind].markdown.key];

  function versionOf(kind: CanonicalKind, record: CanonicalRecord, markdown: string, source: CanonicalSource, note = ""): CanonicalVersion {
    return {
      id: newId("version"),
      entityType: kind,
      entityId: record.id,
      version: record.canonicalVersion,
      fields: fieldsOf(CANONICAL[kind], record),
      markdown,
      source,
      note,
      createdAt: record.updatedAt,
    };
  }

  const reindex = (kind: CanonicalKind, id: string) =>
    indexing.enqueue(kind === "brand" ? { type: "brand", brandId: id } : { type: "product", productId: id });

  return {
    requireRecord,
    withMarkdown,

    async get<K extends CanonicalKind>(kind: K, id: string): Promise<EntityOf<K>> {
      return withMarkdown(kind, await requireRecord(kind, id));
    },

    /** A new record at version 1 from its fields (the rest empty), its files and its first history entry. */
    async create<K extends CanonicalKind>(
      kind: K,
      input: { fields: Partial<CanonicalFields>; markdown?: string; brandId?: string; organizationId?: string | null },
      inTx?: (tx: Tx) => Promise<void>,
    ): Promise<EntityOf<K>> {
      const spec = CANONICAL[kind];
      const now = clock.now().toISOString();
      const record = {
        id: newId(kind),
        ...(input.brandId !== undefined && { brandId: input.brandId }),
        ...(input.organizationId != null && { organizationId: input.organizationId }),
        ...fieldsOf(spec, input.fields),
        canonicalVersion: 1,
        createdAt: now,
        updatedAt: now,
      } as CanonicalRecord;
      const markdown = input.markdown ?? "";
      await uow.run(
        async (tx) => {
          await inTx?.(tx);
          await canonicalRepository(tx, kind).insert(record);
          await tx.versions.insert(versionOf(kind, record, markdown, "create"));
        },
        // The files depend on nothing the transaction reads: written and flushed before it holds the database.
        { prestage: (files) => writeCanonicalFiles(files, spec, record, markdown) },
      );
      reindex(kind, record.id);
      return entity(kind, record, markdown);
    },

    /**
     * Partial update; every save is a new canonical version. `expectedVersion` makes it a compare-and-set
     * on the version the caller saw (a preview, a form); `alsoInTx` joins more work to the same unit.
     */
    async update<K extends CanonicalKind>(
      kind: K,
      id: string,
      patch: { fields: Partial<CanonicalFields>; markdown?: string; note?: string },
      source: CanonicalSource = "edit",
      opts: { expectedVersion?: number; alsoInTx?: (tx: Tx) => Promise<void> } = {},
    ): Promise<EntityOf<K>> {
      const spec = CANONICAL[kind];
      const current = await requireRecord(kind, id);
      if (opts.expectedVersion !== undefined && opts.expectedVersion !== current.canonicalVersion) {
        throw conflict(`the ${kind} is at canonical version ${current.canonicalVersion}, not ${opts.expectedVersion}`, [
          { path: "base_version", issue: "canonical memory changed since this was prepared", code: "stale_version" },
        ]);
      }
      const next = {
        ...current,
        ...fieldsOf(spec, { ...fieldsOf(spec, current), ...patch.fields }),
        canonicalVersion: current.canonicalVersion + 1,
        updatedAt: clock.now().toISOString(),
      } as CanonicalRecord;
      const markdown = patch.markdown ?? (await readMarkdown(kind, current));
      await uow.run(
        async (tx) => {
          if (!(await canonicalRepository(tx, kind).update(next, current.canonicalVersion))) {
            throw conflict(`the ${kind} was changed by someone else; reload and try again`);
          }
          await tx.versions.insert(versionOf(kind, next, markdown, source, patch.note));
          await opts.alsoInTx?.(tx);
        },
        // Built from `next` alone; the compare-and-set above decides whether they land.
        { prestage: (files) => writeCanonicalFiles(files, spec, next, patch.markdown) },
      );
      reindex(kind, id);
      return entity(kind, next, markdown);
    },

    async versions(kind: CanonicalKind, id: string): Promise<CanonicalVersion[]> {
      await requireRecord(kind, id);
      return repos.versions.list(kind, id);
    },
  };
}
