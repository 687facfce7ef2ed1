import { expect, test } from "vitest";
import { changedStages } from "@/lib/domain/rerun";
import { stackFromSnapshot, stackStageSchema, type Stack } from "@/lib/domain/stackDefinition";

const stage = (id: string, extra: Record<string, unknown> = {}) =>
  stackStageSchema.parse({ id, title: id, contract: `contracts/${id}.md`, output: `${id}.md`, approval_required: true, ...extra });
const stack = (stages: ReturnType<typeof stage>[], contracts: Record<string, string> = {}): Stack =>
  ({ name: "s", title: "S", description: "d", when_to_use: "w", inputs: [], success_criteria: ["ok"], path: "stacks/s", stages, contracts }) as Stack;

test("a snapshot written before a key existed reads with its default, so an unchanged stack is unchanged", () => {
  const current = stack([stage("a"), stage("b")], { a: "A", b: "B" });
  // What an older version wrote: no `variants`, no `limits`, no `required_sections`.
  const old = JSON.parse(JSON.stringify(current));
  for (const s of old.stages) {
    delete s.variants;
    delete s.limits;
    delete s.required_sections;
  }
  expect(changedStages(stackFromSnapshot(old), current)).toEqual([]);
  expect(stackFromSnapshot(old).stages.map((s) => s.variants)).toEqual([1, 1]);
});

test("changed stages: another definition, another contract, added and removed ones", () => {
  const before = stack([stage("a"), stage("b"), stage("c")], { a: "A", b: "B", c: "C" });
  const after = stack([stage("a"), stage("b", { variants: 3 }), stage("d")], { a: "A2", b: "B", d: "D" });
  expect(changedStages(before, after).sort()).toEqual(["a", "b", "c", "d"]);
  expect(changedStages(before, before)).toEqual([]);
});
