import type { Actor, Permission } from "@/lib/domain/access";
import { requirePermission } from "@/lib/domain/access";
import { DomainError } from "@/lib/domain/errors";
import { getContainer } from "@/lib/container";
import { checkRequest, refusal, requestFacts } from "@/lib/http/requestGuard";
import { route } from "@/lib/http/route";

/** What a route declares it needs: tests/api/openapi.test.ts checks it against the operation's `permission` in the OpenAPI document. */
export const ROUTE_PERMISSION = Symbol.for("vm-studio.routePermission");

/** Marks a handler whose first step is `refuseForeign` (tests/api/openapi.test.ts holds every API route so). */
export const CHECKS_ORIGIN = Symbol.for("vm-studio.checksOrigin");

/**
 * Every API request's first check (the proxy leaves /api/ to the routes): a foreign Host (DNS rebinding) or
 * a cross-site write is refused before anything is read, authenticated or remembered.
 */
export function refuseForeign(req: Request): void {
  const { server, deployment } = getContainer().settings;
  const verdict = checkRequest(requestFacts(req, deployment.mode === "hosted"), [server.host, ...server.allowed_hosts]);
  if (!verdict.ok) throw new DomainError("forbidden", refusal(verdict.reason));
}

function guarded(handler: (req: Request, params: Record<string, string>) => Promise<Response>) {
  const wrapped = route(async (req, params) => {
    refuseForeign(req);
    return handler(req, params);
  });
  return Object.assign(wrapped, { [CHECKS_ORIGIN]: true });
}

/**
 * A route anybody may call without signing in (health, sign-in, invitations…), behind the same host and
 * origin check as every other. Marked public for tests/api/openapi.test.ts, which holds every route wrapped.
 */
export function publicRoute(handler: (req: Request, params: Record<string, string>) => Promise<Response>) {
  return Object.assign(guarded(handler), { [ROUTE_PERMISSION]: null });
}

/**
 * A route handler behind sign-in (hosted mode; local mode has one implicit owner):
 *
 *   export const POST = authorized("decide", async (req, { runId }, actor) => …);
 *
 * 401 without a session or token; 404 when a path parameter (brandId, productId, threadId, runId) names
 * something of another organization, exactly as if it did not exist; then 403 naming the role when the role
 * lacks `permission` (lib/domain/access.ts holds the table). Ids in bodies and queries are the handler's to check.
 */
export function authorized(permission: Permission, handler: (req: Request, params: Record<string, string>, actor: Actor) => Promise<Response>) {
  const wrapped = guarded(async (req, params) => {
    const { access } = getContainer();
    const actor = await access.authenticate(req);
    await access.requireOwnedParams(actor, params);
    requirePermission(actor, permission);
    return handler(req, params, actor);
  });
  return Object.assign(wrapped, { [ROUTE_PERMISSION]: permission });
}
