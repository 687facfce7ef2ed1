import type { Prisma } from "../../../generated/prisma/client";
import type {
  BrandRecord,
  CanonicalVersionRepository,
  ProductRecord,
  Repositories,
  ThreadRecord,
} from "../../domain/ports";
import type { CanonicalKind } from "../../domain/canonical";
import type { CanonicalVersion } from "../../domain/canonicalVersion";
import type { Promotion } from "../../domain/promotion";
import type { Db } from "./database";
import { prismaCanonicalRepository } from "./prismaCanonicalRepository";
import { prismaRunRepository } from "./prismaRunRepository";
import { prismaTableStore } from "./prismaTableStore";

type Client = Db | Prisma.TransactionClient;

const iso = (d: Date) => d.toISOString();
const date = (s: string) => new Date(s);

type ThreadRow = Prisma.ThreadGetPayload<object>;
type VersionRow = Prisma.CanonicalVersionGetPayload<object>;

const toThread = (r: ThreadRow): ThreadRecord => ({
  id: r.id,
  brandId: r.brandId,
  productId: r.productId,
  title: r.title,
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
});

const toVersion = (r: VersionRow): CanonicalVersion => ({
  id: r.id,
  entityType: r.entityType as CanonicalKind,
  entityId: r.entityId,
  version: r.version,
  fields: JSON.parse(r.fields),
  markdown: r.markdown,
  source: r.source as CanonicalVersion["source"],
  note: r.note,
  createdAt: iso(r.createdAt),
});

const toPromotion = (r: Prisma.PromotionGetPayload<object>): Promotion => ({
  id: r.id,
  entityType: r.entityType as Promotion["entityType"],
  entityId: r.entityId,
  status: r.status as Promotion["status"],
  proposal: JSON.parse(r.proposal),
  baseVersion: r.baseVersion,
  sourceKind: r.sourceKind,
  sourceId: r.sourceId,
  note: r.note,
  createdAt: iso(r.createdAt),
  decidedAt: r.decidedAt ? iso(r.decidedAt) : null,
  proposedBy: r.proposedBy,
  decidedBy: r.decidedBy,
});

function versionRepository(db: Client): CanonicalVersionRepository {
  return {
    async list(entityType, entityId) {
      const rows = await db.canonicalVersion.findMany({
        where: { entityType, entityId },
        orderBy: { version: "desc" },
      });
      return rows.map(toVersion);
    },
    async insert(v) {
      await db.canonicalVersion.create({
        data: { ...v, fields: JSON.stringify(v.fields), createdAt: date(v.createdAt) },
      });
    },
    async deleteFor(entityType, entityIds) {
      if (entityIds.length) await db.canonicalVersion.deleteMany({ where: { entityType, entityId: { in: entityIds } } });
    },
  };
}

/** The relational repositories over one Prisma client or one interactive transaction. */
export function prismaRepositories(db: Client): Repositories {
  return {
    brands: (() => {
      const repo = prismaCanonicalRepository<BrandRecord>(db.brand, "brand");
      return { ...repo, list: (organizationId?: string) => repo.list(organizationId === undefined ? undefined : { organizationId }) };
    })(),
    products: (() => {
      const repo = prismaCanonicalRepository<ProductRecord>(db.product, "product");
      return { ...repo, listByBrand: (brandId: string) => repo.list({ brandId }) };
    })(),
    threads: {
      get: async (id) => {
        const row = await db.thread.findUnique({ where: { id } });
        return row ? toThread(row) : null;
      },
      listByProduct: async (productId) =>
        (await db.thread.findMany({ where: { productId }, orderBy: { createdAt: "desc" } })).map(toThread),
      listByBrand: async (brandId) =>
        (await db.thread.findMany({ where: { brandId }, orderBy: { createdAt: "desc" } })).map(toThread),
      insert: async (t) => {
        await db.thread.create({
          data: { ...t, createdAt: date(t.createdAt), updatedAt: date(t.updatedAt) },
        });
      },
      deleteMany: async (threadIds) => {
        if (threadIds.length === 0) return { runIds: [] };
        const runs = await db.run.findMany({ where: { threadId: { in: threadIds } }, select: { id: true } });
        const runIds = runs.map((r) => r.id);
        // Stages, attempts, artifacts, decisions and feedback cascade from runs; messages from threads.
        await db.run.deleteMany({ where: { id: { in: runIds } } });
        await db.thread.deleteMany({ where: { id: { in: threadIds } } });
        return { runIds };
      },
    },
    versions: versionRepository(db),
    runs: prismaRunRepository(db),
    tables: prismaTableStore(db),
    promotions: {
      insert: async (p) => {
        await db.promotion.create({
          data: { ...p, proposal: JSON.stringify(p.proposal), createdAt: date(p.createdAt), decidedAt: p.decidedAt ? date(p.decidedAt) : null },
        });
      },
      get: async (id) => {
        const row = await db.promotion.findUnique({ where: { id } });
        return row ? toPromotion(row) : null;
      },
      list: async (entityType, entityId) =>
        (await db.promotion.findMany({ where: { entityType, entityId }, orderBy: { createdAt: "desc" } })).map(toPromotion),
      decide: async (id, from, to, decidedAt, decidedBy) => {
        const { count } = await db.promotion.updateMany({ where: { id, status: from }, data: { status: to, decidedAt: date(decidedAt), decidedBy: decidedBy ?? null } });
        return count === 1;
      },
      deleteFor: async (entityType, entityIds) => {
        if (entityIds.length) await db.promotion.deleteMany({ where: { entityType, entityId: { in: entityIds } } });
      },
    },
    chat: {
      lastSeq: async (threadId) =>
        (await db.chatMessage.aggregate({ where: { threadId }, _max: { seq: true } }))._max.seq ?? 0,
      insert: async (row) => {
        await db.chatMessage.create({ data: { ...row, createdAt: date(row.createdAt) } });
      },
      count: (threadId) => db.chatMessage.count({ where: { threadId } }),
    },
  };
}
