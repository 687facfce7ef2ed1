import { CANONICAL, type CanonicalKind, type CanonicalRecord } from "../../domain/canonical";
import type { CanonicalRepository } from "../../domain/ports";

/** The part of a Prisma model delegate (brand, product) a canonical repository uses. */
interface Delegate {
  findUnique(args: { where: { id: string } }): Promise<Record<string, unknown> | null>;
  findMany(args: { where?: Record<string, unknown>; orderBy: Record<string, "asc" | "desc"> }): Promise<Record<string, unknown>[]>;
  create(args: { data: Record<string, unknown> }): Promise<unknown>;
  updateMany(args: { where: Record<string, unknown>; data: Record<string, unknown> }): Promise<{ count: number }>;
  delete(args: { where: { id: string } }): Promise<unknown>;
}

/**
 * The rows of a canonical kind, mapped from its spec: one column per field (lists as JSON text, which
 * SQLite and PostgreSQL both hold the same way), the version compare-and-set on update.
 */
export function prismaCanonicalRepository<R extends CanonicalRecord>(delegate: unknown, kind: CanonicalKind) {
  const model = delegate as Delegate;
  const spec = CANONICAL[kind];

  const toRecord = (row: Record<string, unknown>): R =>
    ({
      id: row.id,
      ...(row.brandId !== undefined && { brandId: row.brandId }),
      ...(row.organizationId !== undefined && { organizationId: row.organizationId }),
      ...Object.fromEntries(spec.fields.map((f) => [f.name, f.rule === "list" ? JSON.parse(row[f.name] as string) : row[f.name]])),
      canonicalVersion: row.canonicalVersion,
      createdAt: (row.createdAt as Date).toISOString(),
      updatedAt: (row.updatedAt as Date).toISOString(),
    }) as unknown as R;

  const toRow = (r: R): Record<string, unknown> => {
    const rec = r as unknown as Record<string, unknown>;
    return {
      id: r.id,
      ...(r.brandId !== undefined && { brandId: r.brandId }),
      ...(rec.organizationId !== undefined && { organizationId: rec.organizationId }),
      ...Object.fromEntries(spec.fields.map((f) => [f.name, f.rule === "list" ? JSON.stringify(rec[f.name]) : rec[f.name]])),
      canonicalVersion: r.canonicalVersion,
      createdAt: new Date(r.createdAt),
      updatedAt: new Date(r.updatedAt),
    };
  };

  const repo: CanonicalRepository<R> & { list(where?: Record<string, unknown>): Promise<R[]> } = {
    get: async (id) => {
      const row = await model.findUnique({ where: { id } });
      return row ? toRecord(row) : null;
    },
    list: async (where) => (await model.findMany({ ...(where && { where }), orderBy: { createdAt: "asc" } })).map(toRecord),
    insert: async (r) => void (await model.create({ data: toRow(r) })),
    update: async (r, expectedVersion) => {
      const { count } = await model.updateMany({ where: { id: r.id, canonicalVersion: expectedVersion }, data: toRow(r) });
      return count === 1;
    },
    delete: async (id) => void (await model.delete({ where: { id } })),
  };
  return repo;
}
