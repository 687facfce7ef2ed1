import { createHash, randomUUID } from "node:crypto";
import { conflict, DomainError, invalidInput } from "../domain/errors";
import {
  actOnExistingKey,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_TTL_MS,
  idempotencyId,
  idempotencyKeyProblem,
  requestOwner,
  type IdempotencyStore,
  type StoredResponse,
} from "../domain/idempotency";
import { errorResponse } from "./errorResponse";

/** Set on an answer that is the stored answer of an earlier request with the same key. */
export const REPLAYED_HEADER = "Idempotent-Replayed";

export interface Idempotency {
  store: IdempotencyStore;
  /** This process's owner string (the container's, the same as for run claims). */
  owner: string;
  clock: { now(): Date };
}

export interface IdempotencyOptions {
  /**
   * A body past this size is not hashed (nor buffered): the request goes straight to the handler, whose
   * own limit, never larger, answers it with a 413.
   */
  maxBodyBytes: number;
  /** How often a request waiting for the first one with its key looks again. */
  pollMs?: number;
}

// The requests of this process that hold a claim. Next may load this module once per route bundle, and
// liveness is a fact about the process, so the set hangs off globalThis (as the container does).
const holder = globalThis as unknown as { __vmIdempotencyLive?: Set<string>; __vmIdempotencySweptAt?: number };
const live = (holder.__vmIdempotencyLive ??= new Set());
/** Expired keys are garbage (an expired key is taken over anyway): swept at most this often, not per request. */
const SWEEP_EVERY_MS = 60_000;

/**
 * Runs `handler` at most once per (scope, Idempotency-Key) within 24 h; a repeat gets the first answer
 * (status, content-type and body bytes) with `Idempotent-Replayed: true`, a repeat arriving while the
 * first still runs waits for it, and the same key with another request is a 422. 5xx answers and
 * thrown errors are not kept, so a retry runs again. Without the header the handler just runs.
 */
export async function withIdempotency(
  deps: Idempotency,
  req: Request,
  scope: string,
  handler: () => Promise<Response>,
  options: IdempotencyOptions,
): Promise<Response> {
  const key = req.headers.get(IDEMPOTENCY_KEY_HEADER);
  if (key === null) return handler();
  const problem = idempotencyKeyProblem(key);
  if (problem) return errorResponse(invalidInput(`invalid ${IDEMPOTENCY_KEY_HEADER} header: ${problem.issue}`, [problem]));

  const owner = requestOwner(deps.owner, randomUUID());
  // Marked live before the claim exists, so no other request of ours can see it claimed and not live.
  live.add(owner);
  let handedOver = false;
  try {
    const requestHash = await hashRequest(req, options.maxBodyBytes);
    if (requestHash === null) return await handler();
    const id = idempotencyId(scope, key);
    const { store } = deps;
    const now = deps.clock.now().getTime();
    if (now - (holder.__vmIdempotencySweptAt ?? 0) >= SWEEP_EVERY_MS) {
      holder.__vmIdempotencySweptAt = now;
      await store.deleteExpired(deps.clock.now());
    }
    let existing = null;
    for (;;) {
      if (!existing) {
        const now = deps.clock.now();
        const claim = await store.claim({ id, requestHash, owner, createdAt: now, expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS) });
        if (claim.kind === "claimed") {
          handedOver = true;
          return await runFirst(store, id, owner, handler);
        }
        existing = claim.row;
      }
      const action = actOnExistingKey(existing, {
        requestHash,
        now: deps.clock.now(),
        processOwner: deps.owner,
        isLive: (o) => live.has(o),
      });
      if (action.kind === "replay") return replay(action.response);
      if (action.kind === "reject") {
        return errorResponse(
          new DomainError("idempotency_key_reused", `this ${IDEMPOTENCY_KEY_HEADER} was used for a different request to this route within 24 hours; send a new key`, [
            { path: IDEMPOTENCY_KEY_HEADER, issue: "used for a different request", code: "idempotency_key_reused" },
          ]),
        );
      }
      if (action.kind === "take_over") {
        // Deleting by the stale claim's owner: if someone else took it over first, this deletes nothing; and
        // a claim judged abandoned that finished meanwhile keeps its answer (the next look replays it).
        await store.release(id, existing.owner, { onlyPending: action.why === "abandoned" });
        existing = null;
        continue;
      }
      await pause(options.pollMs ?? 100, req.signal);
      if (req.signal.aborted) return errorResponse(conflict(`the first request with this ${IDEMPOTENCY_KEY_HEADER} is still running`));
      existing = await store.get(id);
    }
  } catch (err) {
    return errorResponse(err);
  } finally {
    if (!handedOver) live.delete(owner);
  }
}

/** sha256 of the method, path, query and body bytes; null when the body is over `maxBytes`. */
async function hashRequest(req: Request, maxBytes: number): Promise<string | null> {
  const url = new URL(req.url);
  const hash = createHash("sha256").update(`${req.method.toUpperCase()} ${url.pathname}${url.search}\n`);
  if (Number(req.headers.get("content-length") ?? "0") > maxBytes) return null;
  // A clone, so the handler still reads the body; it keeps what this read, up to `maxBytes`.
  const body = req.clone().body;
  if (!body) return hash.digest("hex");
  const reader = body.getReader();
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    hash.update(value);
  }
  return hash.digest("hex");
}

/**
 * Runs the handler under the claim and keeps its answer. A streamed answer (SSE) goes to the client
 * as it is written and is kept once it ends, even if that client left meanwhile; anything else is
 * kept before it is answered, so a repeat that follows finds it done.
 */
async function runFirst(store: IdempotencyStore, id: string, owner: string, handler: () => Promise<Response>): Promise<Response> {
  const giveUp = () => store.release(id, owner, { onlyPending: true }).catch((err) => console.error("[vm] cannot release an idempotency key:", err));
  const keep = (response: StoredResponse) =>
    store
      .complete(id, owner, response)
      .then((kept) => {
        if (!kept) console.error(`[vm] idempotency key ${JSON.stringify(id)} was taken over before its answer was kept`);
      })
      // The work is done; the client still gets its answer, and a repeat runs again.
      .catch(async (err) => (console.error("[vm] cannot keep an idempotency key's answer:", err), await giveUp()));
  let settled = false;
  try {
    let res: Response;
    try {
      res = await handler();
    } catch (err) {
      await giveUp();
      return errorResponse(err);
    }
    if (res.status >= 500) {
      await giveUp();
      return res;
    }
    const contentType = res.headers.get("content-type");
    if (res.body && /^text\/event-stream\b/i.test(contentType ?? "")) {
      const [toClient, toStore] = res.body.tee();
      settled = true; // the capture below owns the claim from here on
      void readAll(toStore)
        .then((body) => keep({ status: res.status, contentType, body }), giveUp)
        .finally(() => live.delete(owner));
      return new Response(toClient, { status: res.status, statusText: res.statusText, headers: res.headers });
    }
    let body: Uint8Array;
    try {
      body = new Uint8Array(await res.arrayBuffer());
    } catch (err) {
      await giveUp();
      return errorResponse(err);
    }
    await keep({ status: res.status, contentType, body });
    return new Response(withoutBody(res.status) ? null : Buffer.from(body), { status: res.status, statusText: res.statusText, headers: res.headers });
  } finally {
    if (!settled) live.delete(owner);
  }
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

const withoutBody = (status: number) => status === 204 || status === 205 || status === 304;

function replay(stored: StoredResponse): Response {
  const headers = new Headers({ [REPLAYED_HEADER]: "true" });
  if (stored.contentType) headers.set("content-type", stored.contentType);
  return new Response(withoutBody(stored.status) ? null : Buffer.from(stored.body), { status: stored.status, headers });
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
