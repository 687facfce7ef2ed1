import { monotonicFactory } from "ulidx";

// Server-made ids: a short kind prefix + a ULID (time-sortable, URL-safe, 26 Crockford base32 chars).
// Paths in the workspace are built only from ids that pass isId(), so no request can steer a path.
export const ID_PREFIX = {
  brand: "brd",
  product: "prd",
  thread: "thr",
  run: "run",
  stage: "stg",
  attempt: "att",
  artifact: "art",
  decision: "dec",
  feedback: "fbk",
  message: "msg",
  version: "ver",
  promotion: "pro",
  user: "usr",
  organization: "org",
  session: "ses",
  token: "tok",
  invitation: "inv",
  audit: "aud",
} as const;

export type IdKind = keyof typeof ID_PREFIX;

const ULID = "[0-9A-HJKMNP-TV-Z]{26}";
const patterns = Object.fromEntries(
  Object.entries(ID_PREFIX).map(([kind, prefix]) => [kind, new RegExp(`^${prefix}_${ULID}$`)]),
) as Record<IdKind, RegExp>;

const ulid = monotonicFactory();

export function newId(kind: IdKind): string {
  return `${ID_PREFIX[kind]}_${ulid()}`;
}

export function isId(kind: IdKind, value: unknown): value is string {
  return typeof value === "string" && patterns[kind].test(value);
}

export function idPattern(kind: IdKind): RegExp {
  return patterns[kind];
}
