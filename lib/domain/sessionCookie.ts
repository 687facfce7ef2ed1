// The session cookie's names. With HTTPS it takes the __Host- prefix: the browser then refuses it unless it
// is Secure, has Path=/ and no Domain, so no other host (a sibling subdomain) can plant or overwrite it.
export const SESSION_COOKIE = "vm_session";
export const SECURE_SESSION_COOKIE = "__Host-vm_session";

export function cookieValue(header: string | null, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null; // a malformed escape is no session (401), not a server error
      }
    }
  }
  return null;
}

/** The session's secret from a Cookie header, whichever of the two names it came under. */
export const sessionSecretOf = (cookieHeader: string | null) => cookieValue(cookieHeader, SECURE_SESSION_COOKIE) ?? cookieValue(cookieHeader, SESSION_COOKIE);
