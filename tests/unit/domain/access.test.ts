import { expect, test } from "vitest";
import { LOCAL_ACTOR, PERMISSIONS, requireFourEyes, requirePermission, ROLES, type Actor, type Permission, type Role } from "@/lib/domain/access";
import { DomainError } from "@/lib/domain/errors";

const actor = (role: Role, extra: Partial<Actor> = {}): Actor => ({ userId: "usr_1", email: "a@example.com", organizationId: "org_1", role, via: "session", readOnly: false, admin: false, ...extra });
const allowed = (a: Actor, p: Permission) => {
  try {
    requirePermission(a, p);
    return true;
  } catch (err) {
    if (err instanceof DomainError && err.code === "forbidden") return false;
    throw err;
  }
};

test("the role table: an editor writes, an approver decides, a viewer reads, an owner does all of it and manages", () => {
  const table = Object.fromEntries(ROLES.map((r) => [r, PERMISSIONS.filter((p) => allowed(actor(r), p))]));
  expect(table).toEqual({
    owner: ["read", "account", "edit", "decide", "manage"],
    editor: ["read", "account", "edit"],
    approver: ["read", "account", "decide"],
    viewer: ["read", "account"],
  });
});

test("a refusal names the role; a read-only token only reads; only the administrator administers", () => {
  expect(() => requirePermission(actor("editor"), "decide")).toThrow(/role editor cannot decide/);
  const token = actor("owner", { via: "token", readOnly: true });
  expect(PERMISSIONS.filter((p) => allowed(token, p))).toEqual(["read"]);
  expect(allowed(actor("owner"), "administer")).toBe(false);
  expect(allowed(actor("viewer", { admin: true }), "administer")).toBe(true);
  expect(PERMISSIONS.every((p) => allowed(LOCAL_ACTOR, p))).toBe(true);
});

test("four eyes keeps whoever started a run from its gates, and only when the organization asks for it", () => {
  expect(() => requireFourEyes(actor("owner"), true, "usr_1")).toThrow(/four eyes/);
  expect(() => requireFourEyes(actor("owner"), false, "usr_1")).not.toThrow();
  expect(() => requireFourEyes(actor("approver"), true, "usr_2")).not.toThrow();
  expect(() => requireFourEyes(LOCAL_ACTOR, true, null)).not.toThrow();
});
