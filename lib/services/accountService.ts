import { requireAccount, type Actor, type Role, type TokenAccess } from "../domain/access";
import { ownerInput, type AccountStore, type Mailer, type Organization, type PasswordHasher, type SignedIn, type Throttle, type User, type WhoAmI } from "../domain/accounts";
import { conflict, DomainError, notFound } from "../domain/errors";
import { newId } from "../domain/ids";
import type { Clock } from "../domain/ports";
import { newSecret, secretLink, sha256 } from "./secrets";

export interface AccountSettings {
  publicUrl: string;
  sessionDays: number;
  resetLinkMinutes: number;
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  failureWindowMinutes: number;
  lockMinutes: number;
  maxResetMailsPerHour: number;
}

const MINUTE = 60_000;

/** A hash to verify against when the e-mail is unknown, so a wrong address costs what a wrong password does. */
let decoyHash: Promise<string> | null = null;

export type AccountService = ReturnType<typeof createAccountService>;

/**
 * A person's own account in hosted mode: sign-in with its throttle, sessions, password reset, the first
 * owner's setup, organizations of one's own, and personal API tokens.
 */
export function createAccountService(deps: { accounts: AccountStore; hasher: PasswordHasher; mailer: Mailer; clock: Clock; settings: AccountSettings; log: (line: string) => void }) {
  const { accounts, hasher, clock, settings } = deps;

  async function startSession(user: User, organization: Organization, role: Role): Promise<SignedIn> {
    const value = newSecret();
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + settings.sessionDays * 24 * 60 * MINUTE);
    await accounts.createSession({ id: newId("session"), tokenHash: sha256(value), userId: user.id, organizationId: organization.id, createdAt: now, expiresAt });
    return { secret: value, expiresAt, user, organization, role };
  }

  function lockedError(until: Date, scope: "account" | "address"): DomainError {
    const seconds = Math.max(1, Math.ceil((until.getTime() - clock.now().getTime()) / 1000));
    return new DomainError("rate_limited", `too many failed sign-ins ${scope === "account" ? "for this account" : "from this address"}; try again at ${until.toISOString()}`, [
      { path: scope === "account" ? "email" : "", issue: `locked until ${until.toISOString()}`, code: "locked", limit: seconds },
    ]);
  }

  const scopeOf = (t: Throttle) => (t.key.startsWith("account:") ? "account" : "address");
  const lockedNow = (t: Throttle, now: Date) => t.lockedUntil !== null && t.lockedUntil > now;

  /**
   * Every password check goes through here (sign-in, and joining with an existing account). The attempt is
   * counted per account and per address (the address's limit is looser: one office shares an address)
   * before the password is checked, so attempts sent at once cannot outrun the limit. The failed attempt
   * that reaches a limit locks the key (429, saying until when); a locked key refuses even the right
   * password until then. A success takes its attempt back.
   */
  async function checkPassword(email: string, password: string, address: string | null, user: User | null): Promise<boolean> {
    const now = clock.now();
    const limits = [
      { key: `account:${email}`, max: settings.maxFailuresPerAccount },
      ...(address ? [{ key: `address:${address}`, max: settings.maxFailuresPerAddress }] : []),
    ];
    const counted = await accounts.countAttempt(limits, now, { windowMs: settings.failureWindowMinutes * MINUTE, lockMs: settings.lockMinutes * MINUTE });
    const locked = counted.find((t) => lockedNow(t, now));
    if (locked) throw lockedError(locked.lockedUntil!, scopeOf(locked));
    decoyHash ??= hasher.hash(newSecret());
    if (await hasher.verify(user?.passwordHash ?? (await decoyHash), password)) {
      await Promise.all([accounts.clearThrottle(limits[0].key), ...(limits[1] ? [accounts.forgive(limits[1].key)] : [])]);
      return true;
    }
    const reached = counted.find((t, i) => t.failures >= limits[i].max);
    if (reached) {
      const until = new Date(now.getTime() + settings.lockMinutes * MINUTE);
      await accounts.lock(reached.key, now, until);
      throw lockedError(until, scopeOf(reached));
    }
    return false;
  }

  async function createOwner(input: { email: string; password: string; name: string; organization: string }): Promise<SignedIn> {
    const now = clock.now();
    const user: User = { id: newId("user"), email: input.email.toLowerCase(), name: input.name, passwordHash: await hasher.hash(input.password), admin: true, createdAt: now };
    const organization: Organization = { id: newId("organization"), name: input.organization, fourEyes: false, createdAt: now };
    try {
      await accounts.createOwner({ user, organization });
    } catch (err) {
      // Two instances (or a setup link and VM_OWNER_EMAIL) at once: the first owner is whoever committed first.
      if ((await accounts.countUsers()) > 0) throw conflict("this deployment already has its first owner; sign in instead");
      throw err;
    }
    return startSession(user, organization, "owner");
  }

  return {
    checkPassword,

    /** Sign-in (see checkPassword for the throttle); the session starts in the person's oldest organization. */
    async signIn(input: { email: string; password: string }, address: string | null): Promise<SignedIn> {
      const user = await accounts.userByEmail(input.email);
      if (!(await checkPassword(input.email, input.password, address, user)) || !user) throw new DomainError("unauthorized", "wrong e-mail or password");
      const memberships = await accounts.organizationsOf(user.id);
      if (memberships.length === 0) throw new DomainError("unauthorized", "this account belongs to no organization any more");
      return startSession(user, memberships[0].organization, memberships[0].role);
    },

    async signOut(sessionSecret: string | null): Promise<void> {
      if (sessionSecret) await accounts.deleteSession(sha256(sessionSecret));
    },

    /** Who is signed in, their organization and role, and the other organizations they belong to (null locally). */
    async whoAmI(actor: Actor): Promise<WhoAmI | null> {
      if (!actor.userId || !actor.organizationId) return null;
      const [user, organization, memberships] = await Promise.all([
        accounts.userById(actor.userId),
        accounts.organization(actor.organizationId),
        accounts.organizationsOf(actor.userId),
      ]);
      if (!user || !organization) return null;
      return { user, organization, role: actor.role, organizations: memberships };
    },

    /** A new organization, owned by whoever makes it; their session moves to it. */
    async createOrganization(actor: Actor, name: string, sessionSecret: string | null): Promise<Organization> {
      requireAccount(actor);
      const organization: Organization = { id: newId("organization"), name, fourEyes: false, createdAt: clock.now() };
      await accounts.createOrganization(organization, actor.userId!);
      if (actor.via === "session" && sessionSecret) await accounts.moveSession(sha256(sessionSecret), organization.id);
      return organization;
    },

    /** Moves the session to another organization the person belongs to (404 for one they do not); who they are there. */
    async switchOrganization(actor: Actor, organizationId: string, sessionSecret: string | null): Promise<Actor> {
      requireAccount(actor);
      if (actor.via !== "session" || !sessionSecret) {
        throw new DomainError("forbidden", "an API token belongs to one organization; sign in to the app to switch", [{ path: "", issue: "token request", code: "token_forbidden" }]);
      }
      const role = await accounts.membership(organizationId, actor.userId!);
      if (!role) throw notFound("organization", organizationId);
      await accounts.moveSession(sha256(sessionSecret), organizationId);
      return { ...actor, organizationId, role };
    },

    /**
     * A reset link by mail (or the server log). Every address gets the same answer at about the same speed
     * (the mail is sent after answering); at most `maxResetMailsPerHour` per account and per caller's address,
     * so nobody floods an inbox.
     */
    async requestReset(email: string, address: string | null): Promise<void> {
      const now = clock.now();
      const limits = [{ key: `reset:${email}`, max: settings.maxResetMailsPerHour }, ...(address ? [{ key: `reset-address:${address}`, max: settings.maxResetMailsPerHour * 10 }] : [])];
      const counted = await accounts.countAttempt(limits, now, { windowMs: 60 * MINUTE, lockMs: 60 * MINUTE });
      if (counted.some((t) => lockedNow(t, now))) return;
      const user = await accounts.userByEmail(email);
      if (!user) return;
      const token = newSecret();
      await accounts.createLink({ tokenHash: sha256(token), purpose: "reset", userId: user.id, createdAt: now, expiresAt: new Date(now.getTime() + settings.resetLinkMinutes * MINUTE) });
      void deps.mailer
        .send({
          to: user.email,
          subject: "VM Studio: reset your password",
          text: `Someone (hopefully you) asked to reset the password of ${user.email}.\nOpen this link within ${settings.resetLinkMinutes} minutes to choose a new one:\n\n${secretLink(settings.publicUrl, "/reset", token)}\n\nIf it was not you, ignore this message.`,
        })
        .catch((err: unknown) => deps.log(`[vm] the reset mail to ${user.email} could not be sent: ${(err as Error).message}`));
    },

    /** A reset link works once; it ends every session and API token of the account, other reset links, and its lock. */
    async resetPassword(input: { token: string; password: string }): Promise<void> {
      const now = clock.now();
      const used = await accounts.consumeLink(sha256(input.token), "reset", now);
      const user = used?.userId ? await accounts.userById(used.userId) : null;
      if (!user) throw new DomainError("unauthorized", "this reset link is unknown, used or expired; ask for a new one");
      await accounts.resetPassword(user.id, await hasher.hash(input.password), now);
      await accounts.clearThrottle(`account:${user.email}`);
    },

    /**
     * First start of a hosted deployment: with VM_OWNER_EMAIL / VM_OWNER_PASSWORD the first owner is created,
     * otherwise a one-time setup link is printed to the log. Nothing happens once anybody exists.
     */
    async bootstrap(owner: { email: string; password: string } | null): Promise<void> {
      if ((await accounts.countUsers()) > 0) return;
      if (owner) {
        const parsed = ownerInput.safeParse(owner);
        if (!parsed.success) throw new Error(`VM_OWNER_EMAIL / VM_OWNER_PASSWORD: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
        try {
          await createOwner({ ...parsed.data, name: "", organization: "VM Studio" });
          deps.log(`[vm] first owner ${parsed.data.email} created from VM_OWNER_EMAIL`);
        } catch (err) {
          if (!(err instanceof DomainError && err.code === "conflict")) throw err; // another instance made them first
        }
        return;
      }
      const token = newSecret();
      const now = clock.now();
      await accounts.createLink({ tokenHash: sha256(token), purpose: "setup", userId: null, createdAt: now, expiresAt: new Date(now.getTime() + 24 * 60 * MINUTE) });
      deps.log(`[vm] no accounts yet: create the first owner within 24 hours at ${secretLink(settings.publicUrl, "/setup", token)}`);
    },

    /** The setup link: the first owner and their organization. Refused once anybody exists. */
    async setup(input: { token: string; email: string; password: string; name: string; organization: string }): Promise<SignedIn> {
      if ((await accounts.countUsers()) > 0) throw conflict("this deployment already has its first owner; sign in instead");
      if (!(await accounts.consumeLink(sha256(input.token), "setup", clock.now()))) throw new DomainError("unauthorized", "this setup link is unknown, used or expired; restart an instance for a new one");
      return createOwner(input);
    },

    startSession,

    async createToken(actor: Actor, input: { name: string; access: TokenAccess }) {
      requireAccount(actor);
      if (actor.via === "token") throw new DomainError("forbidden", "an API token cannot create tokens; sign in to the app", [{ path: "", issue: "token request", code: "token_forbidden" }]);
      const value = newSecret("vmk_");
      const row = { id: newId("token"), tokenHash: sha256(value), userId: actor.userId!, organizationId: actor.organizationId!, name: input.name, access: input.access, createdAt: clock.now() };
      await accounts.createToken(row);
      return { token: { id: row.id, name: row.name, access: row.access, createdAt: row.createdAt, lastUsedAt: null, revokedAt: null }, secret: value };
    },

    async listTokens(actor: Actor) {
      requireAccount(actor);
      return accounts.tokens(actor.userId!, actor.organizationId!);
    },

    /** Takes effect at once: the next request with the token is a 401. */
    async revokeToken(actor: Actor, id: string): Promise<void> {
      requireAccount(actor);
      if (!(await accounts.revokeToken(id, actor.userId!, clock.now()))) throw notFound("token", id);
    },
  };
}


