import { z } from "zod";
import { ROLES, TOKEN_ACCESS, type Role, type TokenAccess } from "./access";
import { idPattern } from "./ids";

// Hosted mode's people: users, organizations and their members, sessions, API tokens, invitations, one-time
// links (password reset, first-owner setup), sign-in throttles and the organization's audit. Secrets (session
// cookies, tokens, links) are random; only their SHA-256 is stored.

export interface User {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
  /** The deployment's administrator: the first owner. */
  admin: boolean;
  createdAt: Date;
}

export interface Organization {
  id: string;
  name: string;
  fourEyes: boolean;
  createdAt: Date;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
}

/** What a session cookie or a token resolves to: the person, their organization and their role in it. */
export interface Credential {
  user: User;
  organizationId: string;
  role: Role;
  token?: { id: string; access: TokenAccess };
}

/** A new session: the cookie's secret is given to the browser once and stored only as its hash. */
export interface SignedIn {
  secret: string;
  expiresAt: Date;
  user: User;
  organization: Organization;
  role: Role;
}

/** Who a request's credential names: the person, the organization in use, the role there, and every organization they belong to. */
export interface WhoAmI {
  user: User;
  organization: Organization;
  role: Role;
  organizations: { organization: Organization; role: Role }[];
}

export interface ApiToken {
  id: string;
  name: string;
  access: TokenAccess;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface Invitation {
  id: string;
  organizationId: string;
  email: string;
  role: Role;
  invitedBy: string;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
}

export interface Throttle {
  key: string;
  failures: number;
  windowStart: Date;
  lockedUntil: Date | null;
}

export interface AuditEntry {
  id: string;
  organizationId: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  detail: Record<string, unknown>;
  createdAt: Date;
}

export type OwnedKind = "brand" | "product" | "thread" | "run";

/** The accounts' tables. Each call is atomic on its own; rules that span rows (the last owner) are inside. */
export interface AccountStore {
  countUsers(): Promise<number>;
  userByEmail(email: string): Promise<User | null>;
  userById(id: string): Promise<User | null>;
  /** First owner: the user, the organization, the membership and the adoption of brands without one, at once. */
  createOwner(input: { user: User; organization: Organization }): Promise<void>;
  /** A new password, and everything the old one opened closed at once: sessions, API tokens, other reset links. */
  resetPassword(userId: string, passwordHash: string, now: Date): Promise<void>;
  /** Another organization, with `ownerId` as its owner. */
  createOrganization(organization: Organization, ownerId: string): Promise<void>;

  organization(id: string): Promise<Organization | null>;
  updateOrganization(id: string, patch: { name?: string; fourEyes?: boolean }): Promise<Organization>;
  members(organizationId: string): Promise<Member[]>;
  membership(organizationId: string, userId: string): Promise<Role | null>;
  /** Organizations a user belongs to, oldest first (a session starts in the first). */
  organizationsOf(userId: string): Promise<{ organization: Organization; role: Role }[]>;
  /** Refuses ("last_owner") a change that would leave the organization without an owner. */
  setRole(organizationId: string, userId: string, role: Role): Promise<"ok" | "missing" | "last_owner">;
  removeMember(organizationId: string, userId: string): Promise<"ok" | "missing" | "last_owner">;

  createSession(input: { id: string; tokenHash: string; userId: string; organizationId: string; createdAt: Date; expiresAt: Date }): Promise<void>;
  /** The session's person and role now (a removed member's session resolves to nothing). */
  sessionByHash(tokenHash: string, now: Date): Promise<Credential | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** The session continues in another organization (the caller checked the membership). */
  moveSession(tokenHash: string, organizationId: string): Promise<void>;

  createToken(input: { id: string; tokenHash: string; userId: string; organizationId: string; name: string; access: TokenAccess; createdAt: Date }): Promise<void>;
  tokenByHash(tokenHash: string, now: Date): Promise<Credential | null>;
  tokens(userId: string, organizationId: string): Promise<ApiToken[]>;
  revokeToken(id: string, userId: string, now: Date): Promise<boolean>;

  createInvitation(input: Invitation & { tokenHash: string }): Promise<void>;
  invitations(organizationId: string): Promise<Invitation[]>;
  invitationByHash(tokenHash: string): Promise<Invitation | null>;
  /** Compare-and-set on "not yet accepted": of two clicks on one link, one joins. Adds the membership. */
  acceptInvitation(id: string, user: Omit<User, "admin">, now: Date): Promise<boolean>;
  revokeInvitation(organizationId: string, id: string): Promise<boolean>;

  createLink(input: { tokenHash: string; purpose: "reset" | "setup"; userId: string | null; createdAt: Date; expiresAt: Date }): Promise<void>;
  /** Compare-and-set: a link works once, before it expires. */
  consumeLink(tokenHash: string, purpose: "reset" | "setup", now: Date): Promise<{ userId: string | null } | null>;

  /**
   * Counts a sign-in attempt against each key before its password is checked, atomically, within a window
   * of `windowMs`; an attempt beyond a key's `max` locks it for `lockMs`. The rows after counting.
   */
  countAttempt(keys: { key: string; max: number }[], now: Date, rule: { windowMs: number; lockMs: number }): Promise<Throttle[]>;
  lock(key: string, now: Date, until: Date): Promise<void>;
  /** A successful sign-in takes back its attempt (an office's address is not punished for signing in). */
  forgive(key: string): Promise<void>;
  clearThrottle(key: string): Promise<void>;

  /** Forgets what can no longer matter: ended sessions, used or expired links and invitations, throttles idle for `idleMs`. */
  sweep(now: Date, idleMs: number): Promise<void>;

  audit(entry: AuditEntry): Promise<void>;
  auditLog(organizationId: string, limit: number): Promise<AuditEntry[]>;

  /** The organization that owns a brand, product, thread or run; null for none or an unknown id. */
  organizationOf(kind: OwnedKind, id: string): Promise<string | null>;
  brandIdsOf(organizationId: string): Promise<string[]>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/** Where a reset or invitation link goes: an e-mail, or the server log when no mail transport is set. */
export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

const email = z.string().trim().toLowerCase().pipe(z.email({ message: "not an e-mail address" })).pipe(z.string().max(254));
// 8 is NIST's floor for user-chosen passwords; the upper bound keeps the hash's input reasonable.
const password = z.string().min(8, "at least 8 characters").max(256);

/** The first owner from VM_OWNER_EMAIL / VM_OWNER_PASSWORD: the same rules as any account. */
export const ownerInput = z.object({ email, password });
export const signInInput = z.strictObject({ email, password: z.string().min(1).max(256) });
export const setupInput = z.strictObject({ token: z.string().min(1).max(200), email, password, name: z.string().trim().max(100).default(""), organization: z.string().trim().min(1).max(100) });
export const resetRequestInput = z.strictObject({ email });
export const resetInput = z.strictObject({ token: z.string().min(1).max(200), password });
export const inviteInput = z.strictObject({ email, role: z.enum(ROLES) });
export const acceptInviteInput = z.strictObject({ token: z.string().min(1).max(200), password, name: z.string().trim().max(100).default("") });
export const roleInput = z.strictObject({ role: z.enum(ROLES) });
export const organizationPatchInput = z.strictObject({ name: z.string().trim().min(1).max(100).optional(), four_eyes: z.boolean().optional() });
export const tokenCreateInput = z.strictObject({ name: z.string().trim().min(1).max(100), access: z.enum(TOKEN_ACCESS).default("inherit") });
export const switchOrganizationInput = z.strictObject({ organization_id: z.string().regex(idPattern("organization"), "not an organization id") });
export const organizationCreateInput = z.strictObject({ name: z.string().trim().min(1).max(100) });
