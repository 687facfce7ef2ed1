import type { Prisma } from "../../../generated/prisma/client";
import type { IdempotencyRecord, IdempotencyStore } from "../../domain/idempotency";
import type { Db } from "./database";

type Row = Prisma.IdempotencyKeyGetPayload<object>;

const toRecord = (r: Row): IdempotencyRecord => ({
  id: r.id,
  requestHash: r.requestHash,
  state: r.state === "done" ? "done" : "pending",
  owner: r.owner,
  response:
    r.state === "done" && r.responseStatus !== null
      ? { status: r.responseStatus, contentType: r.responseType, body: new Uint8Array(Buffer.from(r.responseBody ?? "", "base64")) }
      : null,
  createdAt: r.createdAt,
  expiresAt: r.expiresAt,
});

// P2002 is Prisma's unique-constraint violation, the same on SQLite and PostgreSQL.
const isUniqueViolation = (err: unknown) => (err as { code?: unknown } | null)?.code === "P2002";

/**
 * The idempotency keys' table. Every call is its own short transaction, for the reason
 * serializedRepositories.ts gives: on SQLite a bare query would run inside whatever transaction another
 * request has open on the one connection.
 */
export function prismaIdempotencyStore(db: Db): IdempotencyStore {
  const get = async (id: string) => {
    const row = await db.$transaction((tx) => tx.idempotencyKey.findUnique({ where: { id } }));
    return row ? toRecord(row) : null;
  };

  return {
    async claim(entry) {
      // The insert is the claim: the primary key lets exactly one of two racing requests in. The row seen
      // after a refused insert can vanish before it is read (released by its 5xx): then insert again.
      for (let tries = 0; tries < 5; tries++) {
        try {
          await db.$transaction((tx) => tx.idempotencyKey.create({ data: { ...entry, state: "pending" } }));
          return { kind: "claimed" };
        } catch (err) {
          // On PostgreSQL a failed statement poisons its transaction, hence the read in a new one.
          if (!isUniqueViolation(err)) throw err;
        }
        const row = await get(entry.id);
        if (row) return { kind: "exists", row };
      }
      throw new Error(`idempotency key ${JSON.stringify(entry.id)} keeps being claimed and released`);
    },

    async complete(id, owner, response) {
      const { count } = await db.$transaction((tx) =>
        tx.idempotencyKey.updateMany({
          where: { id, owner, state: "pending" },
          data: {
            state: "done",
            responseStatus: response.status,
            responseType: response.contentType,
            responseBody: Buffer.from(response.body).toString("base64"),
          },
        }),
      );
      return count === 1;
    },

    async release(id, owner, opts) {
      await db.$transaction((tx) => tx.idempotencyKey.deleteMany({ where: { id, owner, ...(opts?.onlyPending && { state: "pending" }) } }));
    },

    get,

    async deleteExpired(now) {
      await db.$transaction((tx) => tx.idempotencyKey.deleteMany({ where: { expiresAt: { lte: now } } }));
    },
  };
}
