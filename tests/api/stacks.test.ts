import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { runApi } from "../support/runApi";
import { disposeWorkspace, useTempWorkspace } from "../support/tempWorkspace";

let dir: string;
afterEach(async () => {
  delete process.env.VM_STACKS_DIR;
  await disposeWorkspace(dir);
});

function stacksFolder(files: Record<string, string>) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "vm-stacks-"));
  for (const [p, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), content);
  }
  return root;
}

const good = `name: mini
title: Mini
description: Uma etapa.
when_to_use: Testes.
stages:
  - id: one
    title: Um
    contract: contracts/one.md
    output: one.md
    approval_required: true
success_criteria: [ok]
`;

test("invalid stack files are reported with file, key path and reason, and never hide the valid ones", async () => {
  process.env.VM_STACKS_DIR = stacksFolder({
    "mini/stack.yaml": good,
    "mini/contracts/one.md": "## Objetivo",
    "broken-yaml/stack.yaml": "name: [unclosed\n",
    "bad-schema/stack.yaml": good.replace("name: mini", "name: bad-schema").replace("approval_required: true", "approval_required: sim\n    colour: red"),
    "bad-deps/stack.yaml": good.replace("name: mini", "name: bad-deps").replace("output: one.md", "output: one.md\n    depends_on: [later]"),
    "no-contract/stack.yaml": good.replace("name: mini", "name: no-contract"),
    "wrong-name/stack.yaml": good,
    "wrong-name/contracts/one.md": "x",
    "escape/stack.yaml": good.replace("name: mini", "name: escape").replace("contracts/one.md", "../mini/contracts/one.md"),
    "unsafe-tag/stack.yaml": "!!js/function 'function () {}'\n",
    "not-a-stack/readme.txt": "ignored",
  });
  ({ dir } = await useTempWorkspace());
  const res = await runApi.stacks();
  expect(res.status).toBe(200);
  expect(res.json.items.map((s: any) => s.name)).toEqual(["mini"]);
  const problems = res.json.invalid.map((p: any) => [p.file.split("/").slice(-2).join("/"), p.path, p.reason]);
  const find = (folder: string) => problems.filter((p: string[]) => p[0] === `${folder}/stack.yaml`);
  expect(find("broken-yaml")[0][2]).toMatch(/not valid YAML/);
  expect(find("bad-schema").map((p: string[]) => p[1]).sort()).toEqual(["stages.0.approval_required", "stages.0.colour"]);
  expect(find("bad-deps")[0]).toEqual(["bad-deps/stack.yaml", "stages.0.depends_on.0", '"later" is not an earlier stage of this stack']);
  expect(find("no-contract")[0].slice(1)).toEqual(["stages.0.contract", expect.stringMatching(/contracts\/one\.md not found/)]);
  expect(find("wrong-name")[0].slice(1)).toEqual(["name", 'must equal the folder name "wrong-name"']);
  expect(find("escape")[0][1]).toBe("stages.0.contract");
  expect(find("unsafe-tag")[0][2]).toMatch(/not valid YAML|unknown tag/);
  expect(problems.filter((p: string[]) => p[0].startsWith("not-a-stack"))).toEqual([]);
});
