import { NextResponse, type NextRequest } from "next/server";
import { DomainError } from "./lib/domain/errors";
import { errorResponse } from "./lib/http/errorResponse";
import { loadSettings } from "./lib/config/settings";
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from "./lib/domain/sessionCookie";
import { checkRequest, refusal, requestFacts } from "./lib/http/requestGuard";

let allowedHosts: string[] | null = null;
let hosted: boolean | null = null;

// Hosted mode: the pages anybody may open without a session (signing in, the first owner, invitations, resets).
const OPEN_PAGES = ["/signin", "/setup", "/invite", "/reset"];
const SESSION_COOKIES = [SESSION_COOKIE, SECURE_SESSION_COOKIE];

/**
 * Runs before every page request (Next 16 "proxy", Node.js runtime): refuses foreign hosts, and in hosted mode
 * sends a visitor without a session to sign in. API routes make the same host and origin check in their
 * wrapper (app/api/v1/_authorized.ts): through the proxy it cost a third of the framework's own floor.
 */
export function proxy(request: NextRequest) {
  allowedHosts ??= (() => {
    const s = loadSettings().server;
    return [s.host, ...s.allowed_hosts];
  })();
  hosted ??= loadSettings().deployment.mode === "hosted";
  const verdict = checkRequest(requestFacts(request, hosted), allowedHosts);
  if (!verdict.ok) return errorResponse(new DomainError("forbidden", refusal(verdict.reason)));
  const path = request.nextUrl.pathname;
  // A page without a session goes to the sign-in page (whether the session is still valid is the page's to
  // check); the API answers 401 by itself.
  if (hosted && !OPEN_PAGES.includes(path) && !SESSION_COOKIES.some((n) => request.cookies.has(n))) {
    const to = request.nextUrl.clone();
    to.pathname = "/signin";
    to.search = path === "/" ? "" : `?next=${encodeURIComponent(path + request.nextUrl.search)}`;
    return NextResponse.redirect(to);
  }
  return NextResponse.next();
}

export const config = { matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"] };
