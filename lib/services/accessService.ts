import { createHash } from "node:crypto";
import { LOCAL_ACTOR, tokenRole, type Actor } from "../domain/access";
import type { AccountStore, Credential, OwnedKind } from "../domain/accounts";
import { DomainError, notFound } from "../domain/errors";
import type { Clock } from "../domain/ports";
import { sessionSecretOf } from "../domain/sessionCookie";
import type { DecidedBy } from "../engine/gateDecisions";

export const sha256 = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** The path parameters that name something an organization owns. */
const OWNED_PARAMS: Record<string, OwnedKind> = { brandId: "brand", productId: "product", threadId: "thread", runId: "run" };

export type AccessService = ReturnType<typeof createAccessService>;

/**
 * Who is asking, and whether what they name is theirs. Local mode answers the one implicit owner without
 * reading anything. Hosted mode reads a Bearer token or the session cookie; something of another
 * organization is "not found", exactly like something that does not exist.
 */
export function createAccessService({ hosted, accounts, clock }: { hosted: boolean; accounts: AccountStore; clock: Clock }) {
  // A request is authenticated once even when the idempotency layer and the handler both ask.
  const resolved = new WeakMap<Request, Promise<Actor>>();

  const toActor = (c: Credential, via: Actor["via"]): Actor => ({
    userId: c.user.id,
    email: c.user.email,
    organizationId: c.organizationId,
    role: c.token ? tokenRole(c.role, c.token.access) : c.role,
    via,
  });

  async function resolve(req: Request): Promise<Actor> {
    if (!hosted) return LOCAL_ACTOR;
    const now = clock.now();
    const authorization = req.headers.get("authorization");
    if (authorization) {
      const m = /^Bearer\s+(\S+)$/i.exec(authorization);
      const credential = m ? await accounts.tokenByHash(sha256(m[1]), now) : null;
      if (!credential) throw new DomainError("unauthorized", "the API token is unknown or revoked");
      return toActor(credential, "token");
    }
    const secret = sessionSecretOf(req.headers.get("cookie"));
    const credential = secret ? await accounts.sessionByHash(sha256(secret), now) : null;
    if (!credential) throw new DomainError("unauthorized", secret ? "the session has ended; sign in again" : "sign in first (or send Authorization: Bearer <API token>)");
    return toActor(credential, "session");
  }

  async function requireOwned(actor: Actor, kind: OwnedKind, id: string): Promise<void> {
    if (actor.organizationId === null) return;
    if ((await accounts.organizationOf(kind, id)) !== actor.organizationId) throw notFound(kind, id);
  }

  return {
    hosted,

    authenticate(req: Request): Promise<Actor> {
      let actor = resolved.get(req);
      if (!actor) resolved.set(req, (actor = resolve(req)));
      return actor;
    },

    requireOwned,

    /** Every owned id among a route's path parameters, checked at once. */
    async requireOwnedParams(actor: Actor, params: Record<string, string>): Promise<void> {
      if (actor.organizationId === null) return;
      await Promise.all(Object.entries(params).flatMap(([name, id]) => (OWNED_PARAMS[name] ? [requireOwned(actor, OWNED_PARAMS[name], id)] : [])));
    },

    /** The brands an actor sees; null = all of them (local mode). */
    async visibleBrands(actor: Actor): Promise<Set<string> | null> {
      return actor.organizationId === null ? null : new Set(await accounts.brandIdsOf(actor.organizationId));
    },

    /** Who decides a gate, with the organization's four-eyes setting. */
    async decider(actor: Actor): Promise<DecidedBy> {
      const org = actor.organizationId ? await accounts.organization(actor.organizationId) : null;
      return { actor, fourEyes: org?.fourEyes ?? false };
    },

    /** A brand made (or imported) by a member belongs to the member's organization. */
    async claimBrands(actor: Actor, brandIds: string[]): Promise<void> {
      if (actor.organizationId !== null && brandIds.length) await accounts.setBrandOrganization(brandIds, actor.organizationId);
    },
  };
}
