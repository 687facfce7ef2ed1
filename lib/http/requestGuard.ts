// Two guards for an app that listens on the user's own machine:
// - DNS rebinding: a web page whose host name resolves to 127.0.0.1 reaches the app with its own name in
//   the Host header; only our own names are answered.
// - Cross-site requests: a page open in the same browser can send requests to localhost; state-changing
//   API requests must come from the app's own origin (browsers always send Origin on those). A request that
//   carries an API token (Authorization: Bearer) is exempt: a browser never attaches one by itself, so it
//   cannot be forged cross-site the way a cookie can.

// Pages are checked in the proxy (proxy.ts); API requests in their route wrapper (app/api/v1/_authorized.ts),
// where the check costs microseconds instead of a third of the framework's floor that the proxy cost.

const LOCAL_NAMES = ["localhost", "127.0.0.1", "[::1]"];
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface GuardVerdict {
  ok: boolean;
  reason?: string;
}

function hostnameOf(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  return h.split(":")[0];
}

export function checkRequest(
  req: { method: string; host: string | null; origin: string | null; secFetchSite: string | null; isApi: boolean; bearer?: boolean },
  allowedHosts: string[],
): GuardVerdict {
  const allowed = new Set([...LOCAL_NAMES, ...allowedHosts.map((h) => h.toLowerCase())]);
  if (!req.host || !allowed.has(hostnameOf(req.host))) {
    return { ok: false, reason: `host ${JSON.stringify(req.host)} is not this app's (server.allowed_hosts)` };
  }
  if (req.isApi && !req.bearer && UNSAFE.has(req.method.toUpperCase())) {
    if (req.origin && req.origin !== "null") {
      let originHost: string;
      try {
        originHost = new URL(req.origin).host.toLowerCase();
      } catch {
        return { ok: false, reason: "malformed Origin" };
      }
      if (originHost !== req.host.trim().toLowerCase()) return { ok: false, reason: `cross-origin request from ${req.origin}` };
    } else if (req.origin === "null" || req.secFetchSite === "cross-site") {
      return { ok: false, reason: "cross-site request" };
    }
  }
  return { ok: true };
}

/** What checkRequest looks at, read from a request (the proxy's or a route handler's). */
export function requestFacts(req: { method: string; url: string; headers: Headers }, hosted: boolean) {
  const url = new URL(req.url);
  return {
    method: req.method,
    // A real HTTP/1.1 request always carries Host, and a browser — the only client a rebinding page can
    // use — always sends it; a Request built in-process (tests, tools) is judged by its URL's.
    host: req.headers.get("host") ?? url.host,
    origin: req.headers.get("origin"),
    secFetchSite: req.headers.get("sec-fetch-site"),
    isApi: url.pathname.startsWith("/api/"),
    // Only hosted mode checks tokens; locally a Bearer header proves nothing and keeps no request from the check.
    bearer: hosted && /^Bearer\s/i.test(req.headers.get("authorization") ?? ""),
  };
}

/** The refusal both places answer with. */
export const refusal = (reason: string | undefined) => `refused: ${reason}`;
