import { DomainError } from "@/lib/domain/errors";
import { getContainer } from "@/lib/container";
import type { SignedIn } from "@/lib/domain/accounts";
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, sessionSecretOf } from "@/lib/domain/sessionCookie";

/** Secure (and __Host-) when the app is reached over HTTPS: its public URL, or the proxy in front says so. */
function isSecure(req: Request): boolean {
  const { settings } = getContainer();
  return settings.auth.public_url.startsWith("https://") || req.headers.get("x-forwarded-proto") === "https" || new URL(req.url).protocol === "https:";
}

/** The session cookie: HTTP-only (no script reads it), SameSite=Lax (no cross-site POST carries it). */
export function sessionCookie(req: Request, s: SignedIn): string {
  const secure = isSecure(req);
  const maxAge = Math.max(0, Math.floor((s.expiresAt.getTime() - Date.now()) / 1000));
  return `${secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE}=${s.secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? "; Secure" : ""}`;
}

export function clearSessionCookie(req: Request): string {
  const secure = isSecure(req);
  return `${secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? "; Secure" : ""}`;
}

export const sessionSecret = (req: Request): string | null => sessionSecretOf(req.headers.get("cookie"));

/**
 * The caller's address for the sign-in throttle: with `auth.trusted_proxies` = n, the n-th X-Forwarded-For
 * entry from the right — the one the outermost trusted proxy appended; entries further left are the client's
 * to invent. With none trusted, null: Next passes a client's own header through untouched, so no address
 * can be believed (the per-account limit still applies).
 */
export function clientAddress(req: Request): string | null {
  const trusted = getContainer().settings.auth.trusted_proxies;
  if (trusted === 0) return null;
  const entries = (req.headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return entries.length >= trusted ? entries[entries.length - trusted] : null;
}

/** Accounts exist only in hosted mode; locally these endpoints do not exist. */
export function requireHosted(): void {
  if (!getContainer().access.hosted) throw new DomainError("not_found", "local mode has no accounts (deployment.mode hosted)");
}
