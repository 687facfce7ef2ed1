import type { ApiToken, Invitation, Member, Organization } from "@/lib/domain/accounts";

// The JSON of hosted mode's people and settings (the OpenAPI document describes the same shapes).

export const organizationJson = (o: Organization) => ({ id: o.id, name: o.name, four_eyes: o.fourEyes, created_at: o.createdAt.toISOString() });

export const memberJson = (m: Member) => ({ user_id: m.userId, email: m.email, name: m.name, role: m.role, joined_at: m.createdAt.toISOString() });

export const invitationJson = (i: Invitation) => ({
  id: i.id, email: i.email, role: i.role, invited_by: i.invitedBy, created_at: i.createdAt.toISOString(), expires_at: i.expiresAt.toISOString(),
});

export const tokenJson = (t: ApiToken) => ({
  id: t.id, name: t.name, access: t.access, created_at: t.createdAt.toISOString(),
  last_used_at: t.lastUsedAt?.toISOString() ?? null, revoked_at: t.revokedAt?.toISOString() ?? null,
});
