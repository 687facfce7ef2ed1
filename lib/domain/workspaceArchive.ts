import { z } from "zod";

// A workspace archive (.tar.gz): manifest.json first, then db/<table>.json (the database content as JSON,
// not the SQLite file, so it imports into PostgreSQL too) and files/<workspace path> (every blob).
// Nothing secret is in a workspace, so nothing secret is in an archive.

export const ARCHIVE_FORMAT = "vm-studio-workspace";
export const ARCHIVE_VERSION = 1;

/** Tables in dependency order: importing in this order never breaks a foreign key. */
export const TABLES = [
  "brands",
  "products",
  "canonical_versions",
  "threads",
  "chat_messages",
  "runs",
  "stages",
  "stage_attempts",
  "artifacts",
  "decisions",
  "feedback",
  "promotions",
] as const;
export type TableName = (typeof TABLES)[number];
export type TableRows = Record<TableName, Record<string, unknown>[]>;

export interface ArchiveEntry {
  name: string;
  data: Buffer;
}

export interface ArchiveLimits {
  /** Largest single entry, uncompressed. */
  maxEntryBytes: number;
  /** Largest archive, uncompressed (an archive bomb stops here). */
  maxTotalBytes: number;
  maxEntries: number;
}

export const manifestSchema = z.strictObject({
  format: z.literal(ARCHIVE_FORMAT),
  format_version: z.literal(ARCHIVE_VERSION),
  app_version: z.string(),
  created_at: z.string(),
  scope: z.union([z.strictObject({ kind: z.literal("workspace") }), z.strictObject({ kind: z.literal("brand"), brand_id: z.string() }), z.strictObject({ kind: z.literal("organization"), organization_id: z.string() })]),
  counts: z.record(z.string(), z.number().int().min(0)),
  entries: z.array(z.strictObject({ path: z.string(), bytes: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});
export type Manifest = z.infer<typeof manifestSchema>;

/**
 * Entry names an archive may hold: relative, no `..`, `.` or empty segment, no backslash, NUL or
 * control character, and only where the format puts things.
 */
export function isSafeEntryName(name: string): boolean {
  if (!name || name.length > 400 || /[\u0000-\u001f\\]/.test(name) || name.startsWith("/") || /^[A-Za-z]:/.test(name)) return false;
  const parts = name.split("/");
  if (parts.some((p) => p === "" || p === "." || p === "..")) return false;
  return name === "manifest.json" || /^db\/[a-z_]+\.json$/.test(name) || (parts[0] === "files" && ["brands", "threads", "runs"].includes(parts[1]) && parts.length >= 3);
}

/** Writes and reads the archive container (the storage layer's tar.gz). */
export interface ArchiveCodec {
  write(entries: ArchiveEntry[]): AsyncIterable<Uint8Array>;
  read(input: AsyncIterable<Uint8Array>, limits: ArchiveLimits): Promise<ArchiveEntry[]>;
}
