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
 * The caller's address for the sign-in throttle: the right-most X-Forwarded-For entry, which the load balancer
 * (or Next's own server, for a direct connection) wrote; entries further left are the client's to invent.
 */
export function clientAddress(req: Request): string {
  const forwarded = req.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).pop();
  return last ?? "unknown";
}

export function signedInJson(s: SignedIn) {
  return {
    user: { id: s.user.id, email: s.user.email, name: s.user.name },
    organization: { id: s.organization.id, name: s.organization.name, four_eyes: s.organization.fourEyes },
    role: s.role,
    expires_at: s.expiresAt.toISOString(),
  };
}

/** Accounts exist only in hosted mode; locally these endpoints do not exist. */
export function requireHosted(): void {
  if (!getContainer().access.hosted) throw new DomainError("not_found", "local mode has no accounts (deployment.mode hosted)");
}
