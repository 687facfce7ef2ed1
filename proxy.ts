import { NextResponse, type NextRequest } from "next/server";
import { loadSettings } from "./lib/config/settings";
import { checkRequest } from "./lib/http/requestGuard";

let allowedHosts: string[] | null = null;

/** Runs before every request (Next 16 "proxy", Node.js runtime): refuses foreign hosts and cross-site writes. */
export function proxy(request: NextRequest) {
  allowedHosts ??= (() => {
    const s = loadSettings().server;
    return [s.host, ...s.allowed_hosts];
  })();
  const verdict = checkRequest(
    {
      method: request.method,
      host: request.headers.get("host"),
      origin: request.headers.get("origin"),
      secFetchSite: request.headers.get("sec-fetch-site"),
      isApi: request.nextUrl.pathname.startsWith("/api/"),
    },
    allowedHosts,
  );
  if (verdict.ok) return NextResponse.next();
  return NextResponse.json({ error: { code: "forbidden", message: `refused: ${verdict.reason}`, details: [] } }, { status: 403 });
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
