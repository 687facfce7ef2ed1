import { randomBytes } from "node:crypto";
import { z } from "zod";
import { requirePermission, type Actor, type Role, type TokenAccess } from "../domain/access";
import type { AccountStore, Mailer, Organization, PasswordHasher, SignedIn, Throttle, User } from "../domain/accounts";
import { conflict, DomainError, notFound } from "../domain/errors";
import { newId } from "../domain/ids";
import type { Clock } from "../domain/ports";
import { sha256 } from "./accessService";

export interface AccountSettings {
  publicUrl: string;
  sessionDays: number;
  resetLinkMinutes: number;
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  failureWindowMinutes: number;
  lockMinutes: number;
}

const secret = (prefix = "") => prefix + randomBytes(32).toString("base64url");
const MINUTE = 60_000;

/** A hash to verify against when the e-mail is unknown, so a wrong address costs what a wrong password does. */
let decoyHash: Promise<string> | null = null;

export type AccountService = ReturnType<typeof createAccountService>;

/**
 * A person's own account in hosted mode: sign-in with its throttle, sessions, password reset, the first
 * owner's setup, and personal API tokens.
 */
export function createAccountService(deps: { accounts: AccountStore; hasher: PasswordHasher; mailer: Mailer; clock: Clock; settings: AccountSettings; log: (line: string) => void }) {
  const { accounts, hasher, clock, settings } = deps;
  const link = (path: string, token: string) => `${settings.publicUrl}${path}?token=${encodeURIComponent(token)}`;

  async function startSession(user: User, organization: Organization, role: Role): Promise<SignedIn> {
    const value = secret();
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

  const lockOf = (throttles: Throttle[], now: Date) => throttles.find((t) => t.lockedUntil && t.lockedUntil > now);

  async function createOwner(input: { email: string; password: string; name: string; organization: string }): Promise<SignedIn> {
    const now = clock.now();
    const user: User = { id: newId("user"), email: input.email.toLowerCase(), name: input.name, passwordHash: await hasher.hash(input.password), createdAt: now };
    const organization: Organization = { id: newId("organization"), name: input.organization, fourEyes: false, createdAt: now };
    await accounts.createOwner({ user, organization });
    const saved = (await accounts.userByEmail(user.email))!;
    return startSession(saved, organization, "owner");
  }

  return {
    /**
     * Sign-in. Failures count per account and per address within a window; at the limit the key locks and
     * the answer (429) says until when. A locked key refuses even the right password until then.
     */
    async signIn(input: { email: string; password: string }, address: string): Promise<SignedIn> {
      const now = clock.now();
      const keys = [`account:${input.email}`, `address:${address}`];
      const locked = lockOf(await accounts.throttles(keys), now);
      if (locked) throw lockedError(locked.lockedUntil!, locked.key.startsWith("account:") ? "account" : "address");
      const user = await accounts.userByEmail(input.email);
      decoyHash ??= hasher.hash(secret());
      const ok = await hasher.verify(user?.passwordHash ?? (await decoyHash), input.password);
      const memberships = ok && user ? await accounts.organizationsOf(user.id) : [];
      if (!ok || !user || memberships.length === 0) {
        // The address limit is looser than the account's: one office shares an address.
        const after = await accounts.recordFailure(
          [{ key: keys[0], max: settings.maxFailuresPerAccount }, { key: keys[1], max: settings.maxFailuresPerAddress }],
          now,
          { windowMs: settings.failureWindowMinutes * MINUTE, lockMs: settings.lockMinutes * MINUTE },
        );
        const lock = lockOf(after, now);
        if (lock) throw lockedError(lock.lockedUntil!, lock.key.startsWith("account:") ? "account" : "address");
        throw new DomainError("unauthorized", ok && user ? "this account belongs to no organization any more" : "wrong e-mail or password");
      }
      await accounts.clearThrottle(keys[0]);
      return startSession(user, memberships[0].organization, memberships[0].role);
    },

    async signOut(sessionSecret: string | null): Promise<void> {
      if (sessionSecret) await accounts.deleteSession(sha256(sessionSecret));
    },

    /** Who is signed in, their organization and role, and the other organizations they belong to. */
    async whoAmI(actor: Actor) {
      if (!actor.userId || !actor.organizationId) return null;
      const [user, organization, memberships] = await Promise.all([
        accounts.userById(actor.userId),
        accounts.organization(actor.organizationId),
        accounts.organizationsOf(actor.userId),
      ]);
      if (!user || !organization) return null;
      return { user, organization, role: actor.role, via: actor.via, organizations: memberships };
    },

    /** A reset link by mail (or the server log). Unknown addresses get the same answer: nothing to learn here. */
    async requestReset(email: string): Promise<void> {
      const user = await accounts.userByEmail(email);
      if (!user) return;
      const token = secret();
      const now = clock.now();
      await accounts.createLink({ tokenHash: sha256(token), purpose: "reset", userId: user.id, createdAt: now, expiresAt: new Date(now.getTime() + settings.resetLinkMinutes * MINUTE) });
      await deps.mailer.send({
        to: user.email,
        subject: "VM Studio: reset your password",
        text: `Someone (hopefully you) asked to reset the password of ${user.email}.\nOpen this link within ${settings.resetLinkMinutes} minutes to choose a new one:\n\n${link("/reset", token)}\n\nIf it was not you, ignore this message.`,
      });
    },

    /** A reset link works once; it ends every session of the account and lifts its lock. */
    async resetPassword(input: { token: string; password: string }): Promise<void> {
      const used = await accounts.consumeLink(sha256(input.token), "reset", clock.now());
      if (!used?.userId) throw new DomainError("unauthorized", "this reset link is unknown, used or expired; ask for a new one");
      const user = await accounts.userById(used.userId);
      if (!user) throw new DomainError("unauthorized", "this reset link's account no longer exists");
      await accounts.setPassword(user.id, await hasher.hash(input.password));
      await accounts.deleteSessionsOf(user.id);
      await accounts.clearThrottle(`account:${user.email}`);
    },

    /**
     * First start of a hosted deployment: with VM_OWNER_EMAIL / VM_OWNER_PASSWORD the first owner is created,
     * otherwise a one-time setup link is printed to the log. Nothing happens once anybody exists.
     */
    async bootstrap(owner: { email: string; password: string } | null): Promise<void> {
      if ((await accounts.countUsers()) > 0) return;
      if (owner) {
        const email = z.email().safeParse(owner.email.trim().toLowerCase());
        if (!email.success || owner.password.length < 8) throw new Error("VM_OWNER_EMAIL must be an e-mail address and VM_OWNER_PASSWORD at least 8 characters");
        try {
          await createOwner({ email: email.data, password: owner.password, name: "", organization: "VM Studio" });
          deps.log(`[vm] first owner ${email.data} created from VM_OWNER_EMAIL`);
        } catch (err) {
          // Another instance starting at the same moment created them first.
          if ((await accounts.countUsers()) === 0) throw err;
        }
        return;
      }
      const token = secret();
      const now = clock.now();
      await accounts.createLink({ tokenHash: sha256(token), purpose: "setup", userId: null, createdAt: now, expiresAt: new Date(now.getTime() + 24 * 60 * MINUTE) });
      deps.log(`[vm] no accounts yet: create the first owner within 24 hours at ${link("/setup", token)}`);
    },

    /** The setup link: the first owner and their organization. Refused once anybody exists. */
    async setup(input: { token: string; email: string; password: string; name: string; organization: string }): Promise<SignedIn> {
      if ((await accounts.countUsers()) > 0) throw conflict("this deployment already has its first owner; sign in instead");
      if (!(await accounts.consumeLink(sha256(input.token), "setup", clock.now()))) throw new DomainError("unauthorized", "this setup link is unknown, used or expired; restart an instance for a new one");
      return createOwner(input);
    },

    startSession,

    async createToken(actor: Actor, input: { name: string; access: TokenAccess }) {
      requireSignedIn(actor);
      if (actor.via === "token") throw new DomainError("forbidden", "an API token cannot create tokens; sign in to the app", [{ path: "", issue: "token request", code: "token_forbidden" }]);
      const value = secret("vmk_");
      const row = { id: newId("token"), tokenHash: sha256(value), userId: actor.userId!, organizationId: actor.organizationId!, name: input.name, access: input.access, createdAt: clock.now() };
      await accounts.createToken(row);
      return { token: { id: row.id, name: row.name, access: row.access, createdAt: row.createdAt, lastUsedAt: null, revokedAt: null }, secret: value };
    },

    async listTokens(actor: Actor) {
      requireSignedIn(actor);
      return accounts.tokens(actor.userId!, actor.organizationId!);
    },

    /** Takes effect at once: the next request with the token is a 401. */
    async revokeToken(actor: Actor, id: string): Promise<void> {
      requireSignedIn(actor);
      if (!(await accounts.revokeToken(id, actor.userId!, clock.now()))) throw notFound("token", id);
    },
  };
}

function requireSignedIn(actor: Actor): void {
  if (!actor.userId || !actor.organizationId) throw new DomainError("not_found", "local mode has no accounts (deployment.mode hosted)");
  requirePermission(actor, "read");
}
