import type { Prisma } from "../../../generated/prisma/client";
import type { TableStore } from "../../domain/ports";
import { TABLES, type TableName, type TableRows } from "../../domain/workspaceArchive";
import type { Db } from "./database";

type Client = Db | Prisma.TransactionClient;

/** Table → Prisma model delegate, and which of its columns are timestamps (JSON carries them as ISO text). */
const MODELS: Record<TableName, { model: string; dates: string[] }> = {
  brands: { model: "brand", dates: ["createdAt", "updatedAt"] },
  products: { model: "product", dates: ["createdAt", "updatedAt"] },
  canonical_versions: { model: "canonicalVersion", dates: ["createdAt"] },
  threads: { model: "thread", dates: ["createdAt", "updatedAt"] },
  chat_messages: { model: "chatMessage", dates: ["createdAt"] },
  runs: { model: "run", dates: ["claimedAt", "createdAt", "updatedAt", "finishedAt"] },
  stages: { model: "stage", dates: ["createdAt", "updatedAt"] },
  stage_attempts: { model: "stageAttempt", dates: ["startedAt", "finishedAt"] },
  artifacts: { model: "artifact", dates: ["createdAt"] },
  decisions: { model: "decision", dates: ["createdAt"] },
  feedback: { model: "feedback", dates: ["createdAt"] },
  promotions: { model: "promotion", dates: ["createdAt", "decidedAt"] },
};

export const TABLE_MODELS = MODELS;

type Delegate = {
  findMany(args?: object): Promise<Record<string, unknown>[]>;
  createMany(args: { data: Record<string, unknown>[] }): Promise<{ count: number }>;
};

const delegate = (db: Client, table: TableName) => (db as unknown as Record<string, Delegate>)[MODELS[table].model];

const toJson = (table: TableName, row: Record<string, unknown>) => {
  const out = { ...row };
  for (const d of MODELS[table].dates) if (out[d] instanceof Date) out[d] = (out[d] as Date).toISOString();
  return out;
};

const fromJson = (table: TableName, row: Record<string, unknown>) => {
  const out = { ...row };
  for (const d of MODELS[table].dates) if (typeof out[d] === "string") out[d] = new Date(out[d] as string);
  return out;
};

/** Whole-table access for export and import (everything else goes through the repositories). */
export function prismaTableStore(db: Client): TableStore {
  return {
    async dump(scope) {
      const rows = {} as TableRows;
      if (!scope) {
        for (const t of TABLES) rows[t] = (await delegate(db, t).findMany({ orderBy: { id: "asc" } })).map((r) => toJson(t, r));
        return rows;
      }
      const brandId = { in: scope.brandIds };
      const products = await db.product.findMany({ where: { brandId }, select: { id: true } });
      const productIds = products.map((p) => p.id);
      const threads = await db.thread.findMany({ where: { brandId }, select: { id: true } });
      const threadIds = threads.map((t) => t.id);
      const runs = await db.run.findMany({ where: { threadId: { in: threadIds } }, select: { id: true } });
      const runIds = runs.map((r) => r.id);
      const stages = await db.stage.findMany({ where: { runId: { in: runIds } }, select: { id: true } });
      const where: Record<TableName, object> = {
        brands: { id: brandId },
        products: { brandId },
        canonical_versions: { OR: [{ entityType: "brand", entityId: brandId }, { entityType: "product", entityId: { in: productIds } }] },
        threads: { brandId },
        chat_messages: { threadId: { in: threadIds } },
        runs: { id: { in: runIds } },
        stages: { runId: { in: runIds } },
        stage_attempts: { stageRowId: { in: stages.map((s) => s.id) } },
        artifacts: { runId: { in: runIds } },
        decisions: { runId: { in: runIds } },
        feedback: { runId: { in: runIds } },
        promotions: { OR: [{ entityType: "brand", entityId: brandId }, { entityType: "product", entityId: { in: productIds } }] },
      };
      for (const t of TABLES) rows[t] = (await delegate(db, t).findMany({ where: where[t], orderBy: { id: "asc" } })).map((r) => toJson(t, r));
      return rows;
    },
    async existingIds(table, ids) {
      const found = new Set<string>();
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await delegate(db, table).findMany({ where: { id: { in: ids.slice(i, i + 500) } }, select: { id: true } });
        for (const r of rows) found.add(r.id as string);
      }
      return found;
    },
    async insert(table, rows) {
      for (let i = 0; i < rows.length; i += 200) {
        await delegate(db, table).createMany({ data: rows.slice(i, i + 200).map((r) => fromJson(table, r)) });
      }
    },
  };
}
