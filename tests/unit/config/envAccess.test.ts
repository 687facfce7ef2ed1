import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

// DEVELOPERS.md: only config reads process.env — so every setting is documented, validated and overridable in one place.
test("only lib/config reads process.env", () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(ts|tsx)$/.test(e.name) && /process\.env\b/.test(fs.readFileSync(full, "utf8"))) offenders.push(full);
    }
  };
  for (const root of ["app", "lib"]) walk(root);
  // instrumentation.ts may test NEXT_RUNTIME inline (Next's own pattern to keep Node code out of the edge bundle).
  const boot = fs.readFileSync("instrumentation.ts", "utf8").replace(/process\.env\.NEXT_RUNTIME\b/g, "");
  if (/process\.env\b/.test(boot)) offenders.push("instrumentation.ts");
  expect(offenders.filter((f) => !f.startsWith(path.join("lib", "config") + path.sep))).toEqual([]);
});
