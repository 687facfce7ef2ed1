import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { cruise } from "dependency-cruiser";
import { describe, expect, test } from "vitest";

// Every layering rule must be able to fail: each folder under tests/layering/ is a small tree that
// breaks exactly the rule it is named after, cruised with the project's own rules.
const config = createRequire(import.meta.url)(path.resolve(".dependency-cruiser.cjs")) as {
  forbidden: { name: string }[];
  options: Record<string, unknown>;
};
const FIXTURES = path.resolve("tests/layering");

async function violationsIn(dir: string): Promise<string[]> {
  const { tsConfig: _project, ...options } = config.options; // fixtures import by relative path
  const result = await cruise(
    fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isDirectory()),
    { ...options, baseDir: dir, validate: true, ruleSet: { forbidden: config.forbidden } } as never,
  );
  const output = result.output as { summary: { violations: { rule: { name: string } }[] } };
  return [...new Set(output.summary.violations.map((v) => v.rule.name))];
}

describe("the layering rules", () => {
  test("every rule has a fixture that breaks it", () => {
    expect(fs.readdirSync(FIXTURES).sort()).toEqual(config.forbidden.map((r) => r.name).sort());
  });

  test.each(config.forbidden.map((r) => r.name))("%s rejects its fixture", async (rule) => {
    expect(await violationsIn(path.join(FIXTURES, rule))).toContain(rule);
  });
});
