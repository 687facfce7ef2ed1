import { NextResponse, type NextRequest } from "next/server";
import { loadSettings } from "./lib/config/settings";
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from "./lib/domain/sessionCookie";
import { checkRequest } from "./lib/http/requestGuard";

let allowedHosts: string[] | null = null;
let hosted: boolean | null = null;

// Hosted mode: the pages anybody may open without a session (signing in, the first owner, invitations, resets).
const OPEN_PAGES = ["/signin", "/setup", "/invite", "/reset"];
const SESSION_COOKIES = [SESSION_COOKIE, SECURE_SESSION_COOKIE];

/** Runs before every request (Next 16 "proxy", Node.js runtime): refuses foreign hosts and cross-site writes. */
export function proxy(request: NextRequest) {
  allowedHosts ??= (() => {
    const s = loadSettings().server;
    return [s.host, ...s.allowed_hosts];
  })();
  hosted ??= loadSettings().deployment.mode === "hosted";
  const verdict = checkRequest(
    {
      method: request.method,
      host: request.headers.get("host"),
      origin: request.headers.get("origin"),
      secFetchSite: request.headers.get("sec-fetch-site"),
      isApi: request.nextUrl.pathname.startsWith("/api/"),
      // Only hosted mode checks tokens; locally a Bearer header proves nothing and keeps no request from the check.
      bearer: hosted && /^Bearer\s/i.test(request.headers.get("authorization") ?? ""),
    },
    allowedHosts,
  );
  if (!verdict.ok) {
    return NextResponse.json({ error: { code: "forbidden", message: `refused: ${verdict.reason}`, details: [] } }, { status: 403 });
  }
  const path = request.nextUrl.pathname;
  // A page without a session goes to the sign-in page (whether the session is still valid is the page's to
  // check); the API answers 401 by itself.
  if (hosted && !path.startsWith("/api/") && !OPEN_PAGES.includes(path) && !SESSION_COOKIES.some((n) => request.cookies.has(n))) {
    const to = request.nextUrl.clone();
    to.pathname = "/signin";
    to.search = path === "/" ? "" : `?next=${encodeURIComponent(path + request.nextUrl.search)}`;
    return NextResponse.redirect(to);
  }
  return NextResponse.next();
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
