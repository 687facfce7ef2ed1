import path from "node:path";
import { checkedKey } from "../workspaceKey";

/**
 * Resolves a workspace-relative key to an absolute path inside `root`, refusing anything that could
 * escape it: absolute paths, `..` segments, backslashes, NUL and other control characters.
 */
export function resolveInside(root: string, key: string): string {
  checkedKey(key);
  const base = path.resolve(root);
  const full = path.resolve(base, key);
  if (!full.startsWith(base + path.sep)) throw new Error(`path escapes the workspace: ${JSON.stringify(key)}`);
  return full;
}
