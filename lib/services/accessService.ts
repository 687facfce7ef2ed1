import { LOCAL_ACTOR, type Actor } from "../domain/access";
import type { AccountStore, Credential, OwnedKind } from "../domain/accounts";
import { DomainError, notFound } from "../domain/errors";
import type { Clock } from "../domain/ports";
import { cookieValue, SECURE_SESSION_COOKIE, sessionSecretOf } from "../domain/sessionCookie";
import type { DecidedBy } from "../engine/gateDecisions";
import { sha256 } from "./secrets";

/** The path parameters that name something an organization owns. */
const OWNED_PARAMS: Record<string, OwnedKind> = { brandId: "brand", productId: "product", threadId: "thread", runId: "run" };

export type AccessService = ReturnType<typeof createAccessService>;
export type Whose = "mine" | "elsewhere" | "none";

/**
 * Who is asking, and whether what they name is theirs. Local mode answers the one implicit owner without
 * reading anything. Hosted mode reads a Bearer token or the session cookie; something of another
 * organization is "not found", exactly like something that does not exist.
 */
export function createAccessService({ hosted, secureCookies, accounts, clock }: { hosted: boolean; secureCookies: boolean; accounts: AccountStore; clock: Clock }) {
  // A request is authenticated once even when the idempotency layer and the handler both ask.
  const resolved = new WeakMap<Request, Promise<Actor>>();

  const toActor = (c: Credential, via: Actor["via"]): Actor => ({
    userId: c.user.id,
    email: c.user.email,
    organizationId: c.organizationId,
    role: c.role,
    via,
    readOnly: c.token?.access === "read",
    admin: c.user.admin,
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
    // Over HTTPS only the __Host- cookie counts: a sibling subdomain can plant a plain one, not that one.
    const cookies = req.headers.get("cookie");
    const secret = secureCookies ? cookieValue(cookies, SECURE_SESSION_COOKIE) : sessionSecretOf(cookies);
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
    /** Whether something belongs to the actor's organization (everything does locally). */
    async owns(actor: Actor, kind: OwnedKind, id: string): Promise<boolean> {
      return actor.organizationId === null || (await accounts.organizationOf(kind, id)) === actor.organizationId;
    },

    /** "mine", "elsewhere" (another organization's), or "none" (no such thing, or nobody's). */
    async whose(actor: Actor, kind: OwnedKind, id: string): Promise<Whose> {
      if (actor.organizationId === null) return "mine";
      const org = await accounts.organizationOf(kind, id);
      return org === null ? "none" : org === actor.organizationId ? "mine" : "elsewhere";
    },

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
  };
}
