import fs from "node:fs/promises";
import path from "node:path";
import { CORE_SCHEMA, load as parseYaml } from "js-yaml";
import type { StackCatalog } from "../../domain/ports";
import { stackFileSchema, type Stack, type StackProblem } from "../../domain/stackDefinition";

/**
 * Reads stacks/<name>/stack.yaml (YAML's core schema: data only, no custom tags) and the stage
 * contracts, on every call — dropping a folder in is enough to add a stack. A broken file becomes a
 * problem report (file, key path, reason) and never hides the other stacks.
 */
export function fsStackCatalog(stacksDir: string, projectDir: string): StackCatalog {
  const rel = (p: string) => path.relative(projectDir, p) || p;

  async function loadOne(folder: string): Promise<Stack | StackProblem[]> {
    const dir = path.join(stacksDir, folder);
    const file = path.join(dir, "stack.yaml");
    let raw: unknown;
    try {
      raw = parseYaml(await fs.readFile(file, "utf8"), { schema: CORE_SCHEMA, filename: rel(file) });
    } catch (err) {
      return [{ file: rel(file), path: "", reason: `not valid YAML: ${(err as Error).message.split("\n")[0]}` }];
    }
    const parsed = stackFileSchema.safeParse(raw);
    if (!parsed.success) {
      return parsed.error.issues.map((i) => ({
        file: rel(file),
        path: [...i.path, ...(i.code === "unrecognized_keys" ? i.keys.slice(0, 1) : [])].join("."),
        reason: i.code === "unrecognized_keys" ? `unknown key${i.keys.length > 1 ? `s ${i.keys.join(", ")}` : ""}` : i.message,
      }));
    }
    const stack = parsed.data;
    const problems: StackProblem[] = [];
    if (stack.name !== folder) {
      problems.push({ file: rel(file), path: "name", reason: `must equal the folder name "${folder}"` });
    }
    const contracts: Record<string, string> = {};
    for (const [i, stage] of stack.stages.entries()) {
      try {
        contracts[stage.id] = await fs.readFile(path.join(dir, stage.contract), "utf8");
      } catch {
        problems.push({ file: rel(file), path: `stages.${i}.contract`, reason: `file ${stage.contract} not found in ${rel(dir)}` });
      }
    }
    return problems.length ? problems : { ...stack, path: rel(dir), contracts };
  }

  return {
    async load() {
      let folders: string[] = [];
      try {
        folders = (await fs.readdir(stacksDir, { withFileTypes: true }))
          .filter((d) => d.isDirectory() && !d.name.startsWith("."))
          .map((d) => d.name)
          .sort();
      } catch {
        return { stacks: [], problems: [{ file: rel(stacksDir), path: "", reason: "the stacks folder does not exist" }] };
      }
      const stacks: Stack[] = [];
      const problems: StackProblem[] = [];
      for (const folder of folders) {
        try {
          await fs.access(path.join(stacksDir, folder, "stack.yaml"));
        } catch {
          continue; // not a stack folder
        }
        const result = await loadOne(folder);
        if (Array.isArray(result)) problems.push(...result);
        else stacks.push(result);
      }
      return { stacks, problems };
    },
  };
}
