import { DomainError } from "./errors";

// Who may do what. Local mode has one implicit owner and no sign-in; hosted mode has organizations whose
// members hold one role each. The role table below is the one the API obeys (app/api/v1/_authorized.ts asks it
// of every route, and the pages read through the same access service).

export const ROLES = ["owner", "editor", "approver", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a request needs:
 * - read: see anything of the organization (brands, runs, memory, export);
 * - account: one's own account — API tokens, new organizations, switching, leaving (not with a read-only token);
 * - edit: brands, products, campaigns, chat, start / cancel / re-run runs, propose promotions;
 * - decide: gate decisions (approve, edit & approve, skip, retry), confirming promotions, guard overrides,
 *   restoring a canonical version;
 * - manage: members, roles, organization settings, deletes, imports;
 * - administer: what acts on the whole deployment (rebuilding every organization's memory, the provider
 *   check): its administrator only — the first owner; no role grants it.
 */
export const PERMISSIONS = ["read", "account", "edit", "decide", "manage", "administer"] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The separation of duties marketing approval needs: an editor writes, an approver decides. */
const GRANTS: Record<Role, readonly Permission[]> = {
  owner: ["read", "account", "edit", "decide", "manage"],
  editor: ["read", "account", "edit"],
  approver: ["read", "account", "decide"],
  viewer: ["read", "account"],
};

const VERBS: Record<Permission, string> = {
  read: "read this organization's work",
  account: "change the account (tokens, organizations)",
  administer: "act on the whole deployment (only its administrator, the first owner, may)",
  edit: "change brands, products, campaigns or runs",
  decide: "decide gates, promotions or guard overrides",
  manage: "manage the organization (members, settings, deletes, imports)",
};

export interface Actor {
  /** null in local mode: nobody signs in. */
  userId: string | null;
  email: string | null;
  /** null in local mode: one workspace, no organizations. */
  organizationId: string | null;
  role: Role;
  via: "local" | "session" | "token";
  /** A read-only API token: nothing but reads, whatever its owner's role. */
  readOnly: boolean;
  /** The deployment's administrator (the first owner); locally, the one user is. */
  admin: boolean;
}

export const LOCAL_ACTOR: Actor = Object.freeze({ userId: null, email: null, organizationId: null, role: "owner", via: "local", readOnly: false, admin: true });

export const isRole = (value: unknown): value is Role => typeof value === "string" && (ROLES as readonly string[]).includes(value);

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** 403 naming what is missing (the role, a read-only token, the administrator), so a refused user knows whom to ask. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (actor.readOnly && permission !== "read") {
    throw new DomainError("forbidden", `a read-only API token only reads; it cannot ${VERBS[permission]}`, [{ path: "", issue: "read-only token", code: "token_read_only" }]);
  }
  if (permission === "administer") {
    if (actor.admin) return;
    throw new DomainError("forbidden", "only the deployment's administrator (its first owner) may act on the whole deployment", [{ path: "", issue: "not the administrator", code: "not_administrator" }]);
  }
  if (can(actor.role, permission)) return;
  throw new DomainError("forbidden", `the role ${actor.role} cannot ${VERBS[permission]}`, [
    { path: "", issue: `role ${actor.role} lacks "${permission}"`, code: "role_forbidden" },
  ]);
}

/** A token narrower than its owner: "read" only reads, whatever the owner's role. */
export const TOKEN_ACCESS = ["inherit", "read"] as const;
export type TokenAccess = (typeof TOKEN_ACCESS)[number];

/** Four eyes: whoever started a run does not decide its gates (when the organization asks for it). */
export function requireFourEyes(actor: Actor, fourEyes: boolean, startedBy: string | null): void {
  if (!fourEyes || !actor.userId || actor.userId !== startedBy) return;
  throw new DomainError("forbidden", "four eyes: whoever started a run cannot decide its gates; ask another approver", [
    { path: "", issue: "you started this run", code: "four_eyes" },
  ]);
}

/** Accounts, organizations and tokens exist in hosted mode only; locally the one user has none (404). */
export function requireAccount(actor: Actor): { userId: string; organizationId: string } {
  if (!actor.userId || !actor.organizationId) throw new DomainError("not_found", "local mode has no accounts or organizations (deployment.mode hosted)");
  return { userId: actor.userId, organizationId: actor.organizationId };
}

/** Who did it, as recorded with decisions, promotions, imports and their events. */
export interface ActorStamp {
  id: string;
  email: string;
}

export const stampOf = (actor: Actor): ActorStamp | null =>
  actor.userId && actor.email ? { id: actor.userId, email: actor.email } : null;
