import { expect, test } from "vitest";
import { ABANDONED_AFTER_MS, actOnExistingKey, idempotencyKeyProblem, requestOwner, type IdempotencyRecord } from "@/lib/domain/idempotency";

const now = new Date("2026-12-02T12:00:00Z");
const row = (over: Partial<IdempotencyRecord>): IdempotencyRecord => ({
  id: "POST /api/v1/runs k1",
  requestHash: "h1",
  state: "pending",
  owner: requestOwner("host:1:a", "t1"),
  response: null,
  createdAt: new Date(now.getTime() - 1000),
  expiresAt: new Date(now.getTime() + 3_600_000),
  ...over,
});
const ask = (r: IdempotencyRecord, o: { hash?: string; process?: string; live?: boolean; at?: Date } = {}) =>
  actOnExistingKey(r, { requestHash: o.hash ?? "h1", now: o.at ?? now, processOwner: o.process ?? "host:1:a", isLive: () => o.live ?? true });

test("what a repeat does with the key another request holds", () => {
  const done = row({ state: "done", response: { status: 202, contentType: "application/json", body: new Uint8Array([1]) } });
  expect(ask(done)).toMatchObject({ kind: "replay", response: { status: 202 } });
  expect(ask(done, { hash: "other" })).toEqual({ kind: "reject" });
  expect(ask(row({ expiresAt: now }), { hash: "other" })).toEqual({ kind: "take_over", why: "expired" });
  // In flight in this process: wait for it; its request is gone (it never wrote the answer): take over.
  expect(ask(row({}))).toEqual({ kind: "wait" });
  expect(ask(row({}), { live: false })).toEqual({ kind: "take_over", why: "abandoned" });
  // In flight in another process: wait, unless it is older than any request runs (that process died).
  expect(ask(row({}), { process: "host:2:b" })).toEqual({ kind: "wait" });
  expect(ask(row({ createdAt: new Date(now.getTime() - ABANDONED_AFTER_MS) }), { process: "host:2:b" })).toEqual({ kind: "take_over", why: "abandoned" });
});

test("a usable key is 1–255 printable ASCII characters", () => {
  expect(idempotencyKeyProblem("a1-b2_c3")).toBeNull();
  expect(idempotencyKeyProblem("")?.code).toBe("too_small");
  expect(idempotencyKeyProblem("x".repeat(256))).toMatchObject({ code: "too_big", limit: 255 });
  expect(idempotencyKeyProblem("chave-ção")?.code).toBe("invalid_format");
});
