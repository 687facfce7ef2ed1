import path from "node:path";

/**
 * Resolves a workspace-relative key to an absolute path inside `root`, refusing anything that could
 * escape it: absolute paths, `..` segments, backslashes, NUL and other control characters.
 */
export function resolveInside(root: string, key: string): string {
  if (
    typeof key !== "string" ||
    key.length === 0 ||
    key.length > 512 ||
    /[\u0000-\u001f\\]/.test(key) ||
    key.startsWith("/") ||
    key.split("/").some((seg) => seg === "" || seg === "." || seg === "..")
  ) {
    throw new Error(`unsafe workspace path ${JSON.stringify(key)}`);
  }
  const base = path.resolve(root);
  const full = path.resolve(base, key);
  if (!full.startsWith(base + path.sep)) throw new Error(`path escapes the workspace: ${JSON.stringify(key)}`);
  return full;
}
