import { createHash, randomBytes } from "node:crypto";

// The secrets hosted mode hands out (session cookies, API tokens, reset / setup / invitation links): 256
// random bits, URL-safe; the database keeps only their SHA-256, so a leaked table opens nothing.

export const newSecret = (prefix = "") => prefix + randomBytes(32).toString("base64url");

export const sha256 = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** A link that carries a one-time secret (reset, setup, invitation), on the address people open. */
export const secretLink = (publicUrl: string, path: string, token: string) => `${publicUrl}${path}?token=${encodeURIComponent(token)}`;
