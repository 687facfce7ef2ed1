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

  async function credential(t: Tx, userId: string, organizationId: string, expiresAt: Date | null, token?: Credential["token"]): Promise<Credential | null> {
    const [user, member] = await Promise.all([
      t.user.findUnique({ where: { id: userId } }),
      t.membership.findUnique({ where: { organizationId_userId: { organizationId, userId } } }),
    ]);
    if (!user || !member) return null;
    return { user, organizationId, role: role(member.role), expiresAt, ...(token && { token }) };
  }

  return {
    countUsers: () => tx((t) => t.user.count()),
    userByEmail: (email) => tx((t) => t.user.findUnique({ where: { email } })),
    userById: (id) => tx((t) => t.user.findUnique({ where: { id } })),

    createOwner: ({ user, organization }) =>
      tx(async (t) => {
        await t.user.upsert({ where: { email: user.email }, create: user, update: { passwordHash: user.passwordHash, name: user.name } });
        const saved = await t.user.findUniqueOrThrow({ where: { email: user.email } });
        await t.organization.create({ data: organization });
        await t.membership.create({ data: { organizationId: organization.id, userId: saved.id, role: "owner", createdAt: organization.createdAt } });
        // Brands made before there were organizations (an import, an upgrade) belong to the first one.
        await t.brand.updateMany({ where: { organizationId: null }, data: { organizationId: organization.id } });
      }),

    setPassword: (userId, passwordHash) => tx((t) => t.user.update({ where: { id: userId }, data: { passwordHash } })).then(() => undefined),

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
        return credential(t, s.userId, s.organizationId, s.expiresAt);
      }),
    deleteSession: (tokenHash) => tx((t) => t.session.deleteMany({ where: { tokenHash } })).then(() => undefined),
    deleteSessionsOf: (userId, organizationId) =>
      tx((t) => t.session.deleteMany({ where: { userId, ...(organizationId && { organizationId }) } })).then(() => undefined),

    createToken: (input) => tx((t) => t.apiToken.create({ data: input })).then(() => undefined),
    tokenByHash: (tokenHash, now) =>
      tx(async (t) => {
        const k = await t.apiToken.findUnique({ where: { tokenHash } });
        if (!k || k.revokedAt) return null;
        // Last use to the minute: enough for "is this token still used?", without a write per request.
        if (!k.lastUsedAt || now.getTime() - k.lastUsedAt.getTime() > 60_000) await t.apiToken.update({ where: { id: k.id }, data: { lastUsedAt: now } });
        return credential(t, k.userId, k.organizationId, null, { id: k.id, access: k.access as TokenAccess });
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

    throttles: (keys) => tx((t) => t.loginThrottle.findMany({ where: { key: { in: keys } } })).then((rows) => rows.map(toThrottle)),
    recordFailure: (keys, now, rule) =>
      tx(async (t) => {
        const out: Throttle[] = [];
        for (const { key, max } of keys) {
          const row = await t.loginThrottle.findUnique({ where: { key } });
          const fresh = !row || now.getTime() - row.windowStart.getTime() > rule.windowMs;
          const failures = fresh ? 1 : row.failures + 1;
          const data = {
            failures: failures >= max ? 0 : failures,
            windowStart: fresh || failures >= max ? now : row.windowStart,
            lockedUntil: failures >= max ? new Date(now.getTime() + rule.lockMs) : (row?.lockedUntil ?? null),
          };
          out.push(toThrottle(await t.loginThrottle.upsert({ where: { key }, create: { key, ...data }, update: data })));
        }
        return out;
      }),
    clearThrottle: (key) => tx((t) => t.loginThrottle.deleteMany({ where: { key } })).then(() => undefined),

    audit: (entry) => tx((t) => t.auditEntry.create({ data: { ...entry, detail: JSON.stringify(entry.detail) } })).then(() => undefined),
    auditLog: (organizationId, limit) =>
      tx((t) => t.auditEntry.findMany({ where: { organizationId }, orderBy: { createdAt: "desc" }, take: limit })).then((rows) =>
        rows.map((r): AuditEntry => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> })),
      ),

    organizationOf: (kind, id) => tx((t) => ownerOf(t, kind, id)),
    brandIdsOf: (organizationId) => tx((t) => t.brand.findMany({ where: { organizationId }, select: { id: true } })).then((rows) => rows.map((r) => r.id)),
    setBrandOrganization: (brandIds, organizationId) =>
      tx((t) => t.brand.updateMany({ where: { id: { in: brandIds } }, data: { organizationId } })).then(() => undefined),
  };
}

async function ownerOf(t: Tx, kind: OwnedKind, id: string): Promise<string | null> {
  const brandOrg = (brandId: string | undefined) =>
    brandId ? t.brand.findUnique({ where: { id: brandId }, select: { organizationId: true } }).then((b) => b?.organizationId ?? null) : Promise.resolve(null);
  switch (kind) {
    case "brand":
      return brandOrg(id);
    case "product":
      return brandOrg((await t.product.findUnique({ where: { id }, select: { brandId: true } }))?.brandId);
    case "thread":
      return brandOrg((await t.thread.findUnique({ where: { id }, select: { brandId: true } }))?.brandId);
    case "run": {
      const run = await t.run.findUnique({ where: { id }, select: { thread: { select: { brandId: true } } } });
      return brandOrg(run?.thread.brandId);
    }
  }
}
