/** A workspace-relative path as it may appear in an object key (the same rule as files on disk: no escaping). */
export function checkedKey(key: string): string {
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
  return key;
}

/** Logs (appended, never rewritten) are kept as rows; every other file is an object. */
export const isLogPath = (path: string) => path.endsWith(".jsonl");
