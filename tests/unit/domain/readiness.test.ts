import { expect, test } from "vitest";
import { checkReadiness } from "@/lib/domain/readiness";

test("ready only when every probe answers; a failing or hung probe says why, bounded by the timeout", async () => {
  const ok = await checkReadiness([{ name: "database", probe: async () => {} }], 200);
  expect(ok).toEqual({ ready: true, checks: [{ name: "database", ok: true, ms: expect.any(Number), error: null }] });

  const started = Date.now();
  const bad = await checkReadiness(
    [
      { name: "database", probe: async () => {} },
      { name: "workspace", probe: async () => Promise.reject(new Error("EROFS: read-only file system\n  at …")) },
      { name: "queue", probe: () => new Promise(() => {}) },
    ],
    150,
  );
  expect(Date.now() - started).toBeLessThan(1000);
  expect(bad.ready).toBe(false);
  expect(bad.checks.map((c) => [c.name, c.ok, c.error])).toEqual([
    ["database", true, null],
    ["workspace", false, "EROFS: read-only file system"],
    ["queue", false, "no answer within 150 ms"],
  ]);
});
