import type { Actor, Permission } from "@/lib/domain/access";
import { requirePermission } from "@/lib/domain/access";
import { getContainer } from "@/lib/container";
import { route } from "@/lib/http/route";

/** What a route declares it needs: tests/api/openapi.test.ts checks it against the operation's `permission` in the OpenAPI document. */
export const ROUTE_PERMISSION = Symbol.for("vm-studio.routePermission");

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
  const wrapped = route(async (req, params) => {
    const { access } = getContainer();
    const actor = await access.authenticate(req);
    await access.requireOwnedParams(actor, params);
    requirePermission(actor, permission);
    return handler(req, params, actor);
  });
  return Object.assign(wrapped, { [ROUTE_PERMISSION]: permission });
}
