import { requireAccount, requirePermission, stampOf, type Actor, type Role } from "../domain/access";
import type { AccountStore, Invitation, Mailer, PasswordHasher, SignedIn } from "../domain/accounts";
import { conflict, DomainError, notFound } from "../domain/errors";
import { newId } from "../domain/ids";
import type { Clock } from "../domain/ports";
import { newSecret, secretLink, sha256 } from "./secrets";
import type { AccountService } from "./accountService";

export type OrganizationService = ReturnType<typeof createOrganizationService>;

/**
 * An organization's people and settings in hosted mode: members and their roles, invitations by link,
 * the four-eyes setting, and the audit of who did what. Changes need the owner's "manage" permission.
 */
export function createOrganizationService(deps: {
  accounts: AccountStore;
  account: AccountService;
  hasher: PasswordHasher;
  mailer: Mailer;
  clock: Clock;
  settings: { publicUrl: string; invitationDays: number };
  log: (line: string) => void;
}) {
  const { accounts, clock } = deps;

  const orgOf = (actor: Actor): string => requireAccount(actor).organizationId;

  async function audit(actor: Actor, action: string, detail: Record<string, unknown>): Promise<void> {
    if (!actor.organizationId) return;
    const by = stampOf(actor);
    await accounts.audit({ id: newId("audit"), organizationId: actor.organizationId, actorId: by?.id ?? null, actorEmail: by?.email ?? null, action, detail, createdAt: clock.now() });
  }

  return {
    audit,

    async get(actor: Actor) {
      const organization = await accounts.organization(orgOf(actor));
      if (!organization) throw notFound("organization", orgOf(actor));
      return organization;
    },

    async update(actor: Actor, patch: { name?: string; four_eyes?: boolean }) {
      const id = orgOf(actor);
      requirePermission(actor, "manage");
      const organization = await accounts.updateOrganization(id, { ...(patch.name !== undefined && { name: patch.name }), ...(patch.four_eyes !== undefined && { fourEyes: patch.four_eyes }) });
      await audit(actor, "organization.updated", patch);
      return organization;
    },

    members: (actor: Actor) => accounts.members(orgOf(actor)),

    async invitations(actor: Actor): Promise<Invitation[]> {
      const id = orgOf(actor);
      requirePermission(actor, "manage");
      return accounts.invitations(id);
    },

    /** The link is mailed (or logged) and returned once to the owner, who may pass it on themself. */
    async invite(actor: Actor, input: { email: string; role: Role }): Promise<{ invitation: Invitation; link: string }> {
      const organizationId = orgOf(actor);
      requirePermission(actor, "manage");
      const existing = await accounts.userByEmail(input.email);
      if (existing && (await accounts.membership(organizationId, existing.id))) throw conflict(`${input.email} is already a member`, [{ path: "email", issue: "already a member", code: "exists" }]);
      const token = newSecret();
      const now = clock.now();
      const invitation: Invitation = {
        id: newId("invitation"), organizationId, email: input.email, role: input.role, invitedBy: actor.email ?? "",
        createdAt: now, expiresAt: new Date(now.getTime() + deps.settings.invitationDays * 86_400_000), acceptedAt: null,
      };
      await accounts.createInvitation({ ...invitation, tokenHash: sha256(token) });
      const link = secretLink(deps.settings.publicUrl, "/invite", token);
      const organization = await accounts.organization(organizationId);
      // The link is in this answer too: a mail that fails is logged, not an invitation lost.
      void deps.mailer
        .send({
          to: input.email,
          subject: `VM Studio: ${actor.email} invites you to ${organization?.name ?? "their organization"}`,
          text: `${actor.email} invites you to join ${organization?.name ?? "their organization"} on VM Studio as ${input.role}.\nThe link works once, until ${invitation.expiresAt.toISOString()}:\n\n${link}\n`,
        })
        .catch((err: unknown) => deps.log(`[vm] the invitation mail to ${input.email} could not be sent: ${(err as Error).message}`));
      await audit(actor, "member.invited", { email: input.email, role: input.role, invitation_id: invitation.id });
      return { invitation, link };
    },

    /** What an invitation link offers, before it is accepted (the sign-up page shows it). */
    async invitationByToken(token: string) {
      const inv = await accounts.invitationByHash(sha256(token));
      if (!inv || inv.acceptedAt || inv.expiresAt <= clock.now()) throw new DomainError("unauthorized", "this invitation is unknown, used or expired; ask for a new one");
      const [organization, user] = await Promise.all([accounts.organization(inv.organizationId), accounts.userByEmail(inv.email)]);
      return { invitation: inv, organization: organization!, hasAccount: !!user?.passwordHash };
    },

    /**
     * Joins the organization and signs in. A new person chooses their password; someone who already has an
     * account proves it with theirs — under the sign-in throttle, so a link is no way around it. Of two
     * clicks on one link, one joins.
     */
    async accept(input: { token: string; password: string; name: string }, address: string | null): Promise<SignedIn> {
      const inv = await accounts.invitationByHash(sha256(input.token));
      const now = clock.now();
      if (!inv || inv.acceptedAt || inv.expiresAt <= now) throw new DomainError("unauthorized", "this invitation is unknown, used or expired; ask for a new one");
      const existing = await accounts.userByEmail(inv.email);
      if (existing?.passwordHash && !(await deps.account.checkPassword(inv.email, input.password, address, existing))) {
        throw new DomainError("unauthorized", `${inv.email} already has an account: enter its password to join`);
      }
      const passwordHash = existing?.passwordHash ? null : await deps.hasher.hash(input.password);
      const joined = await accounts.acceptInvitation(inv.id, { id: newId("user"), email: inv.email, name: input.name, passwordHash, createdAt: now }, now);
      if (!joined) throw new DomainError("unauthorized", "this invitation was just used or has expired");
      const user = (await accounts.userByEmail(inv.email))!;
      const organization = (await accounts.organization(inv.organizationId))!;
      const role = (await accounts.membership(inv.organizationId, user.id))!;
      await audit({ userId: user.id, email: user.email, organizationId: inv.organizationId, role, via: "session", readOnly: false, admin: user.admin }, "member.joined", { role, invitation_id: inv.id });
      return deps.account.startSession(user, organization, role);
    },

    async revokeInvitation(actor: Actor, id: string): Promise<void> {
      const organizationId = orgOf(actor);
      requirePermission(actor, "manage");
      if (!(await accounts.revokeInvitation(organizationId, id))) throw notFound("invitation", id);
      await audit(actor, "invitation.revoked", { invitation_id: id });
    },

    async setRole(actor: Actor, userId: string, role: Role): Promise<void> {
      const organizationId = orgOf(actor);
      requirePermission(actor, "manage");
      const outcome = await accounts.setRole(organizationId, userId, role);
      if (outcome === "missing") throw notFound("member", userId);
      if (outcome === "last_owner") throw conflict("the organization's last owner cannot stop being an owner; make someone else owner first", [{ path: "role", issue: "last owner", code: "last_owner" }]);
      await audit(actor, "member.role_changed", { user_id: userId, role });
    },

    /** An owner removes anyone; anyone may leave. The last owner cannot. Their sessions and tokens end with it. */
    async removeMember(actor: Actor, userId: string): Promise<void> {
      const organizationId = orgOf(actor);
      if (userId !== actor.userId) requirePermission(actor, "manage");
      const outcome = await accounts.removeMember(organizationId, userId);
      if (outcome === "missing") throw notFound("member", userId);
      if (outcome === "last_owner") throw conflict("the organization's last owner cannot be removed; make someone else owner first", [{ path: "", issue: "last owner", code: "last_owner" }]);
      await audit(actor, "member.removed", { user_id: userId });
    },

    async auditLog(actor: Actor, limit = 200) {
      const id = orgOf(actor);
      requirePermission(actor, "manage");
      return accounts.auditLog(id, limit);
    },
  };
}
