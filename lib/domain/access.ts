import { DomainError } from "./errors";

// Who may do what. Local mode has one implicit owner and no sign-in; hosted mode has organizations whose
// members hold one role each. The role table below is the one the API obeys (lib/http/route.ts asks it).

export const ROLES = ["owner", "editor", "approver", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a request needs:
 * - read: see anything of the organization (brands, runs, memory, export);
 * - edit: brands, products, campaigns, chat, start / cancel / re-run runs, propose promotions;
 * - decide: gate decisions (approve, edit & approve, skip, retry), confirming promotions, guard overrides,
 *   restoring a canonical version;
 * - manage: members, roles, organization settings, deletes, imports, reindexing, the provider check.
 */
export const PERMISSIONS = ["read", "edit", "decide", "manage"] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The separation of duties marketing approval needs: an editor writes, an approver decides. */
const GRANTS: Record<Role, readonly Permission[]> = {
  owner: ["read", "edit", "decide", "manage"],
  editor: ["read", "edit"],
  approver: ["read", "decide"],
  viewer: ["read"],
};

const VERBS: Record<Permission, string> = {
  read: "read this organization's work",
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
}

export const LOCAL_ACTOR: Actor = Object.freeze({ userId: null, email: null, organizationId: null, role: "owner", via: "local" });

export const isRole = (value: unknown): value is Role => typeof value === "string" && (ROLES as readonly string[]).includes(value);

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** 403 naming the role, so a refused user knows what to ask their owner for. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (can(actor.role, permission)) return;
  const via = actor.via === "token" && actor.role === "viewer" ? " (a read-only token, or a viewer's)" : "";
  throw new DomainError("forbidden", `the role ${actor.role}${via} cannot ${VERBS[permission]}`, [
    { path: "", issue: `role ${actor.role} lacks "${permission}"`, code: "role_forbidden" },
  ]);
}

/** A token narrower than its owner: "read" makes it a viewer whatever the owner's role. */
export const TOKEN_ACCESS = ["inherit", "read"] as const;
export type TokenAccess = (typeof TOKEN_ACCESS)[number];

export function tokenRole(ownerRole: Role, access: TokenAccess): Role {
  return access === "read" ? "viewer" : ownerRole;
}

/** Four eyes: whoever started a run does not decide its gates (when the organization asks for it). */
export function requireFourEyes(actor: Actor, fourEyes: boolean, startedBy: string | null): void {
  if (!fourEyes || !actor.userId || actor.userId !== startedBy) return;
  throw new DomainError("forbidden", "four eyes: whoever started a run cannot decide its gates; ask another approver", [
    { path: "", issue: "you started this run", code: "four_eyes" },
  ]);
}

/** Who did it, as recorded with decisions, promotions, imports and their events. */
export interface ActorStamp {
  id: string;
  email: string;
}

export const stampOf = (actor: Actor): ActorStamp | null =>
  actor.userId && actor.email ? { id: actor.userId, email: actor.email } : null;
