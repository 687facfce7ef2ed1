import type { Prisma } from "../../../generated/prisma/client";
import { isRole, type Role, type TokenAccess } from "../../domain/access";
import type { AccountStore, AuditEntry, Credential, Invitation, Organization, OwnedKind, Throttle, User } from "../../domain/accounts";
import type { Db } from "./database";

type Tx = Prisma.TransactionClient;

const role = (value: string): Role => (isRole(value) ? value : "viewer");
const toOrg = (o: { id: string; name: string; fourEyes: boolean; createdAt: Date }): Organization => ({ ...o });
const toInvitation = (r: Prisma.InvitationGetPayload<object>): Invitation => ({
  id: r.id, organizationId: r.organizationId, email: r.email, role: role(r.role), invitedBy: r.invitedBy,
  createdAt: r.createdAt, expiresAt: r.expiresAt, acceptedAt: r.acceptedAt,
});
const toThrottle = (r: Prisma.LoginThrottleGetPayload<object>): Throttle => ({ ...r });

/**
 * Accounts on Prisma. Every call is its own transaction (see serializedRepositories.ts for why on SQLite).
 * Membership changes first write-lock their organization's row, so two owners demoting each other at once
 * are serialized and the "last owner" count each sees is the other's committed result.
 */
export function prismaAccountStore(db: Db): AccountStore {
  const tx = <T>(fn: (t: Tx) => Promise<T>) => db.$transaction(fn);
  // An UPDATE that changes nothing still takes the row's write lock (PostgreSQL; SQLite serializes anyway).
  const lockOrganization = async (t: Tx, id: string) => {
    const org = await t.organization.findUnique({ where: { id }, select: { fourEyes: true } });
    if (org) await t.organization.update({ where: { id }, data: { fourEyes: org.fourEyes } });
  };
  const owners = (t: Tx, organizationId: string) => t.membership.count({ where: { organizationId, role: "owner" } });

  async function credential(t: Tx, userId: string, organizationId: string, token?: Credential["token"]): Promise<Credential | null> {
    const [user, member] = await Promise.all([
      t.user.findUnique({ where: { id: userId } }),
      t.membership.findUnique({ where: { organizationId_userId: { organizationId, userId } } }),
    ]);
    if (!user || !member) return null;
    return { user, organizationId, role: role(member.role), ...(token && { token }) };
  }

  return {
    countUsers: () => tx((t) => t.user.count()),
    userByEmail: (email) => tx((t) => t.user.findUnique({ where: { email } })),
    userById: (id) => tx((t) => t.user.findUnique({ where: { id } })),

    createOwner: ({ user, organization }) =>
      tx(async (t) => {
        // A plain insert: of two first owners created at once, the second fails on the e-mail and rolls back.
        await t.user.create({ data: user });
        await t.organization.create({ data: organization });
        await t.membership.create({ data: { organizationId: organization.id, userId: user.id, role: "owner", createdAt: organization.createdAt } });
        // Brands made before there were organizations (an import, an upgrade) belong to the first one.
        await t.brand.updateMany({ where: { organizationId: null }, data: { organizationId: organization.id } });
      }),

    createOrganization: (organization, ownerId) =>
      tx(async (t) => {
        await t.organization.create({ data: organization });
        await t.membership.create({ data: { organizationId: organization.id, userId: ownerId, role: "owner", createdAt: organization.createdAt } });
      }),

    resetPassword: (userId, passwordHash, now) =>
      tx(async (t) => {
        await t.user.update({ where: { id: userId }, data: { passwordHash } });
        await t.session.deleteMany({ where: { userId } });
        await t.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
        await t.oneTimeLink.updateMany({ where: { userId, purpose: "reset", usedAt: null }, data: { usedAt: now } });
      }),

    organization: (id) => tx((t) => t.organization.findUnique({ where: { id } })).then((o) => (o ? toOrg(o) : null)),
    updateOrganization: (id, patch) => tx((t) => t.organization.update({ where: { id }, data: patch })).then(toOrg),

    members: (organizationId) =>
      tx(async (t) => {
        const rows = await t.membership.findMany({ where: { organizationId }, orderBy: { createdAt: "asc" } });
        const users = await t.user.findMany({ where: { id: { in: rows.map((r) => r.userId) } } });
        const byId = new Map(users.map((u) => [u.id, u]));
        return rows.flatMap((r) => {
          const u = byId.get(r.userId);
          return u ? [{ userId: u.id, email: u.email, name: u.name, role: role(r.role), createdAt: r.createdAt }] : [];
        });
      }),

    membership: (organizationId, userId) =>
      tx((t) => t.membership.findUnique({ where: { organizationId_userId: { organizationId, userId } } })).then((m) => (m ? role(m.role) : null)),

    organizationsOf: (userId) =>
      tx(async (t) => {
        const rows = await t.membership.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
        const orgs = await t.organization.findMany({ where: { id: { in: rows.map((r) => r.organizationId) } } });
        const byId = new Map(orgs.map((o) => [o.id, o]));
        return rows.flatMap((r) => {
          const o = byId.get(r.organizationId);
          return o ? [{ organization: toOrg(o), role: role(r.role) }] : [];
        });
      }),

    setRole: (organizationId, userId, next) =>
      tx(async (t) => {
        await lockOrganization(t, organizationId);
        const where = { organizationId_userId: { organizationId, userId } };
        const current = await t.membership.findUnique({ where });
        if (!current) return "missing" as const;
        if (current.role === "owner" && next !== "owner" && (await owners(t, organizationId)) <= 1) return "last_owner" as const;
        await t.membership.update({ where, data: { role: next } });
        return "ok" as const;
      }),

    removeMember: (organizationId, userId) =>
      tx(async (t) => {
        await lockOrganization(t, organizationId);
        const where = { organizationId_userId: { organizationId, userId } };
        const current = await t.membership.findUnique({ where });
        if (!current) return "missing" as const;
        if (current.role === "owner" && (await owners(t, organizationId)) <= 1) return "last_owner" as const;
        await t.membership.delete({ where });
        await t.session.deleteMany({ where: { userId, organizationId } });
        await t.apiToken.updateMany({ where: { userId, organizationId, revokedAt: null }, data: { revokedAt: new Date() } });
        return "ok" as const;
      }),

    createSession: (input) => tx((t) => t.session.create({ data: input })).then(() => undefined),
    sessionByHash: (tokenHash, now) =>
      tx(async (t) => {
        const s = await t.session.findUnique({ where: { tokenHash } });
        if (!s || s.expiresAt <= now) return null;
        return credential(t, s.userId, s.organizationId);
      }),
    moveSession: (tokenHash, organizationId) => tx((t) => t.session.updateMany({ where: { tokenHash }, data: { organizationId } })).then(() => undefined),
    deleteSession: (tokenHash) => tx((t) => t.session.deleteMany({ where: { tokenHash } })).then(() => undefined),

    createToken: (input) => tx((t) => t.apiToken.create({ data: input })).then(() => undefined),
    tokenByHash: (tokenHash, now) =>
      tx(async (t) => {
        const k = await t.apiToken.findUnique({ where: { tokenHash } });
        if (!k || k.revokedAt) return null;
        // Last use to the minute: enough for "is this token still used?", without a write per request.
        if (!k.lastUsedAt || now.getTime() - k.lastUsedAt.getTime() > 60_000) await t.apiToken.update({ where: { id: k.id }, data: { lastUsedAt: now } });
        return credential(t, k.userId, k.organizationId, { id: k.id, access: k.access as TokenAccess });
      }),
    tokens: (userId, organizationId) =>
      tx((t) => t.apiToken.findMany({ where: { userId, organizationId }, orderBy: { createdAt: "desc" } })).then((rows) =>
        rows.map((k) => ({ id: k.id, name: k.name, access: k.access as TokenAccess, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt, revokedAt: k.revokedAt })),
      ),
    revokeToken: (id, userId, now) =>
      tx((t) => t.apiToken.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: now } })).then((r) => r.count === 1),

    createInvitation: (input) => tx((t) => t.invitation.create({ data: input })).then(() => undefined),
    invitations: (organizationId) =>
      tx((t) => t.invitation.findMany({ where: { organizationId, acceptedAt: null }, orderBy: { createdAt: "desc" } })).then((rows) => rows.map(toInvitation)),
    invitationByHash: (tokenHash) => tx((t) => t.invitation.findUnique({ where: { tokenHash } })).then((r) => (r ? toInvitation(r) : null)),
    // Two invitations of one new address accepted at once: the second's user insert fails and its whole
    // transaction rolls back (its invitation stays open, to accept again with the account now made).
    acceptInvitation: (id, user, now) =>
      tx(async (t) => {
        const { count } = await t.invitation.updateMany({ where: { id, acceptedAt: null, expiresAt: { gt: now } }, data: { acceptedAt: now } });
        if (count !== 1) return false;
        const inv = await t.invitation.findUniqueOrThrow({ where: { id } });
        const existing = await t.user.findUnique({ where: { email: user.email } });
        const userId = existing?.id ?? (await t.user.create({ data: user })).id;
        if (existing && !existing.passwordHash && user.passwordHash) await t.user.update({ where: { id: userId }, data: { passwordHash: user.passwordHash } });
        await t.membership.upsert({
          where: { organizationId_userId: { organizationId: inv.organizationId, userId } },
          create: { organizationId: inv.organizationId, userId, role: inv.role, createdAt: now },
          update: {},
        });
        return true;
      }).catch((err: unknown) => {
        if ((err as { code?: unknown } | null)?.code === "P2002") return false;
        throw err;
      }),
    revokeInvitation: (organizationId, id) =>
      tx((t) => t.invitation.deleteMany({ where: { id, organizationId, acceptedAt: null } })).then((r) => r.count === 1),

    createLink: (input) => tx((t) => t.oneTimeLink.create({ data: input })).then(() => undefined),
    consumeLink: (tokenHash, purpose, now) =>
      tx(async (t) => {
        const { count } = await t.oneTimeLink.updateMany({ where: { tokenHash, purpose, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
        if (count !== 1) return null;
        const link = await t.oneTimeLink.findUniqueOrThrow({ where: { tokenHash } });
        return { userId: link.userId };
      }),

    // Prisma sends this upsert as INSERT … ON CONFLICT DO UPDATE: two first attempts at once both count.
    countAttempt: (keys, now, rule) =>
      tx(async (t) => {
        const out: Throttle[] = [];
        for (const { key, max } of keys) {
          // The increment comes first and is atomic: it also write-locks the row, so what follows sees
          // every attempt counted before it, however many arrive at once.
          let row = await t.loginThrottle.upsert({ where: { key }, create: { key, failures: 1, windowStart: now, lockedUntil: null }, update: { failures: { increment: 1 } } });
          const locked = row.lockedUntil !== null && row.lockedUntil > now;
          if (!locked && now.getTime() - row.windowStart.getTime() > rule.windowMs) {
            row = await t.loginThrottle.update({ where: { key }, data: { failures: 1, windowStart: now } });
          }
          if (!locked && row.failures > max) {
            // More attempts arrived at once than the limit leaves: the excess locks the key unchecked.
            row = await t.loginThrottle.update({ where: { key }, data: { lockedUntil: new Date(now.getTime() + rule.lockMs), failures: 0, windowStart: now } });
          }
          out.push(toThrottle(row));
        }
        return out;
      }),
    lock: (key, now, until) =>
      tx((t) => t.loginThrottle.updateMany({ where: { key }, data: { lockedUntil: until, failures: 0, windowStart: now } })).then(() => undefined),
    forgive: (key) =>
      tx((t) => t.loginThrottle.updateMany({ where: { key, failures: { gt: 0 } }, data: { failures: { decrement: 1 } } })).then(() => undefined),
    clearThrottle: (key) => tx((t) => t.loginThrottle.deleteMany({ where: { key } })).then(() => undefined),

    sweep: (now, idleMs) =>
      tx(async (t) => {
        await t.session.deleteMany({ where: { expiresAt: { lte: now } } });
        await t.oneTimeLink.deleteMany({ where: { OR: [{ usedAt: { not: null } }, { expiresAt: { lte: now } }] } });
        await t.invitation.deleteMany({ where: { acceptedAt: null, expiresAt: { lte: now } } });
        const idle = new Date(now.getTime() - idleMs);
        await t.loginThrottle.deleteMany({ where: { windowStart: { lt: idle }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] } });
      }),

    audit: (entry) => tx((t) => t.auditEntry.create({ data: { ...entry, detail: JSON.stringify(entry.detail) } })).then(() => undefined),
    auditLog: (organizationId, limit) =>
      tx((t) => t.auditEntry.findMany({ where: { organizationId }, orderBy: { createdAt: "desc" }, take: limit })).then((rows) =>
        rows.map((r): AuditEntry => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> })),
      ),

    organizationOf: (kind, id) => tx((t) => ownerOf(t, kind, id)),
    brandIdsOf: (organizationId) => tx((t) => t.brand.findMany({ where: { organizationId }, select: { id: true } })).then((rows) => rows.map((r) => r.id)),
  };
}

/** One query per kind, following the relations up to the brand. */
async function ownerOf(t: Tx, kind: OwnedKind, id: string): Promise<string | null> {
  const org = { select: { organizationId: true } } as const;
  switch (kind) {
    case "brand":
      return (await t.brand.findUnique({ where: { id }, ...org }))?.organizationId ?? null;
    case "product":
      return (await t.product.findUnique({ where: { id }, select: { brand: org } }))?.brand.organizationId ?? null;
    case "thread":
      return (await t.thread.findUnique({ where: { id }, select: { brand: org } }))?.brand.organizationId ?? null;
    case "run":
      return (await t.run.findUnique({ where: { id }, select: { thread: { select: { brand: org } } } }))?.thread.brand.organizationId ?? null;
  }
}
