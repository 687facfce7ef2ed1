import type { ErrorDetail } from "./errors";

// Idempotency-Key: a client that repeats a mutating request (a timeout, a double click, a retry after a
// dropped connection) with the same key gets the first answer again instead of a second run, decision
// or import. The rules live here; lib/http/idempotency.ts applies them to requests and the store port
// below keeps the keys in the database, so they hold across restarts and processes.

/** How long a key is remembered: a repeat after this runs as a new request. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * A key still "pending" in another process after this long is taken to be abandoned (that process
 * died mid-request): none of the routes that take a key should run this long, and waiting for a dead
 * process would wedge the key for its whole 24 h.
 */
export const ABANDONED_AFTER_MS = 10 * 60 * 1000;

export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

/** Why a header value is not a usable key (as an error detail), or null: 1–255 printable ASCII characters. */
export function idempotencyKeyProblem(key: string): ErrorDetail | null {
  const path = IDEMPOTENCY_KEY_HEADER;
  if (key.length === 0) return { path, issue: "must not be empty", code: "too_small" };
  if (key.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    return { path, issue: `must be at most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters`, code: "too_big", limit: IDEMPOTENCY_KEY_MAX_LENGTH };
  }
  if (!/^[\x20-\x7e]+$/.test(key)) return { path, issue: "must be printable ASCII", code: "invalid_format" };
  return null;
}

/** Keys are per route: the same key sent to two routes names two unrelated requests. */
export const idempotencyId = (scope: string, key: string) => `${scope} ${key}`;

/**
 * Every request that claims a key gets its own owner: the process (the container's owner, as for run
 * claims) plus a token of that request. The process part tells a key of a dead process from one of
 * ours; the token tells a live request of ours from one whose completion was never written.
 */
export const requestOwner = (processOwner: string, token: string) => `${processOwner} ${token}`;
export const processOf = (owner: string) => owner.slice(0, Math.max(0, owner.lastIndexOf(" ")));

export interface StoredResponse {
  status: number;
  contentType: string | null;
  body: Uint8Array;
}

export interface IdempotencyRecord {
  id: string;
  requestHash: string;
  state: "pending" | "done";
  owner: string;
  /** Set once the state is "done". */
  response: StoredResponse | null;
  createdAt: Date;
  expiresAt: Date;
}

export type ClaimResult = { kind: "claimed" } | { kind: "exists"; row: IdempotencyRecord };

/** The keys' table. Each call stands alone (no unit of work): a key outlives the request's transaction. */
export interface IdempotencyStore {
  /**
   * Inserts a pending key, or answers the row already there. Atomic: of two requests claiming the same
   * id at once exactly one gets "claimed" (the insert relies on the primary key).
   */
  claim(entry: { id: string; requestHash: string; owner: string; createdAt: Date; expiresAt: Date }): Promise<ClaimResult>;
  /** Records the answer of the claim `owner` holds; false when the key is no longer that claim's. */
  complete(id: string, owner: string, response: StoredResponse): Promise<boolean>;
  /**
   * Deletes the key if it is still that claim's (a 5xx to retry, or taking over a stale claim); with
   * `onlyPending`, not once its answer is kept (a claim that finished while it was being judged dead).
   */
  release(id: string, owner: string, opts?: { onlyPending?: boolean }): Promise<void>;
  get(id: string): Promise<IdempotencyRecord | null>;
  deleteExpired(now: Date): Promise<void>;
}

export type ExistingKeyAction =
  | { kind: "take_over"; why: "expired" | "abandoned" }
  | { kind: "reject" }
  | { kind: "replay"; response: StoredResponse }
  | { kind: "wait" };

/**
 * What a request does with the key another claim holds. `isLive(owner)` answers for owners of this
 * process only (is that request still running here?); other processes are judged by the key's age.
 */
export function actOnExistingKey(
  row: IdempotencyRecord,
  request: { requestHash: string; now: Date; processOwner: string; isLive: (owner: string) => boolean },
): ExistingKeyAction {
  if (row.expiresAt.getTime() <= request.now.getTime()) return { kind: "take_over", why: "expired" };
  if (row.requestHash !== request.requestHash) return { kind: "reject" };
  if (row.state === "done" && row.response) return { kind: "replay", response: row.response };
  if (processOf(row.owner) === request.processOwner) return request.isLive(row.owner) ? { kind: "wait" } : { kind: "take_over", why: "abandoned" };
  return request.now.getTime() - row.createdAt.getTime() >= ABANDONED_AFTER_MS ? { kind: "take_over", why: "abandoned" } : { kind: "wait" };
}
