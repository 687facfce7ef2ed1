import { errorResponse } from "@/lib/http/errorResponse";
import type { Permission } from "@/lib/domain/access";
import { getContainer } from "@/lib/container";
import { CHECKS_ORIGIN, refuseForeign, ROUTE_PERMISSION } from "@/app/api/v1/_authorized";
import { withIdempotency } from "@/lib/http/idempotency";

/** The scope an idempotent handler was made with (tests check it against the OpenAPI document). */
export const IDEMPOTENT_SCOPE = Symbol.for("vm-studio.idempotentScope");

/**
 * Makes a mutating route handler honour the `Idempotency-Key` header (rules in lib/http/idempotency.ts):
 *
 *   export const POST = idempotent("POST /api/v1/runs/{runId}/rerun", route(async (req, { runId }) => …));
 *
 * - `scope`: the operation's method and path template exactly as in lib/http/openapi.ts. Keys are per
 *   scope, so each route needs its own; tests/api/idempotency.test.ts checks that the scope matches the
 *   route file and that its OPERATIONS entry says `idempotent: true` (which documents the header).
 * - `handler`: the route's whole handler, usually `route(…)`, so error answers are kept and replayed too.
 * - `body`: the limit the handler's body is read under — "json" (`http.max_body_bytes`) or "archive"
 *   (`transfer.max_archive_bytes`, uploads); the body is hashed before the handler runs.
 */
export function idempotent<Ctx>(
  scope: string,
  handler: (req: Request, ctx: Ctx) => Promise<Response>,
  body: "json" | "archive" = "json",
): ((req: Request, ctx: Ctx) => Promise<Response>) & { [IDEMPOTENT_SCOPE]: string; [CHECKS_ORIGIN]: true } {
  const wrapped = (req: Request, ctx: Ctx) => {
    // Before the key is looked up or the body hashed: a refused request leaves nothing behind, and a
    // request from another site never gets a stored answer replayed.
    try {
      refuseForeign(req);
    } catch (err) {
      return Promise.resolve(errorResponse(err));
    }
    const c = getContainer();
    const maxBodyBytes = body === "archive" ? c.settings.transfer.max_archive_bytes : c.settings.http.max_body_bytes;
    // Keys are per person: one member's key never replays another's answer.
    return c.access.authenticate(req).then(
      (actor) => withIdempotency(c.idempotency, req, actor.userId ? `${scope} by ${actor.userId}` : scope, () => handler(req, ctx), { maxBodyBytes }),
      (err: unknown) => errorResponse(err),
    );
  };
  // The permission the wrapped route declares stays visible from outside (tests/api/openapi.test.ts reads it).
  return Object.assign(wrapped, {
    [IDEMPOTENT_SCOPE]: scope,
    [ROUTE_PERMISSION]: (handler as { [ROUTE_PERMISSION]?: Permission })[ROUTE_PERMISSION],
    [CHECKS_ORIGIN]: true as const,
  });
}
