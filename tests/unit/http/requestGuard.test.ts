import { expect, test } from "vitest";
import { checkRequest } from "@/lib/http/requestGuard";

const req = (o: Partial<Parameters<typeof checkRequest>[0]>) =>
  checkRequest({ method: "GET", host: "127.0.0.1:3000", origin: null, secFetchSite: null, isApi: true, ...o }, ["127.0.0.1"]);

test.each(["127.0.0.1:3000", "localhost:3000", "LOCALHOST", "[::1]:3000", "127.0.0.1"])("our own host %s is answered", (host) => {
  expect(req({ host }).ok).toBe(true);
});

test.each(["evil.example:3000", "127.0.0.1.evil.example", "attacker.localhost.example", "", null])("a foreign Host %j is refused (DNS rebinding)", (host) => {
  expect(req({ host }).ok).toBe(false);
});

test("writes from another origin are refused; same-origin and non-browser clients pass", () => {
  expect(req({ method: "POST", origin: "http://127.0.0.1:3000" }).ok).toBe(true);
  expect(req({ method: "POST" }).ok).toBe(true); // curl, scripts: no Origin
  expect(req({ method: "POST", origin: "https://evil.example" }).ok).toBe(false);
  expect(req({ method: "DELETE", origin: "http://localhost:8080" }).ok).toBe(false); // another local app
  expect(req({ method: "PATCH", origin: "null" }).ok).toBe(false); // sandboxed iframe, file://
  expect(req({ method: "POST", secFetchSite: "cross-site" }).ok).toBe(false);
  expect(req({ method: "POST", origin: "not a url" }).ok).toBe(false);
  expect(req({ method: "GET", origin: "https://evil.example" }).ok).toBe(true); // reads are not state-changing
  expect(req({ method: "POST", origin: "https://evil.example", isApi: false }).ok).toBe(true); // pages: Next's own checks
});

test("extra names from server.allowed_hosts are answered", () => {
  expect(checkRequest({ method: "POST", host: "studio.lan:3000", origin: "http://studio.lan:3000", secFetchSite: null, isApi: true }, ["studio.lan"]).ok).toBe(true);
});

test("a request carrying an API token (hosted mode) skips the Origin check, never the Host check", () => {
  expect(req({ method: "POST", origin: "https://evil.example", bearer: true }).ok).toBe(true);
  expect(req({ method: "POST", origin: "https://evil.example", bearer: false }).ok).toBe(false);
  expect(req({ method: "POST", host: "evil.example", bearer: true }).ok).toBe(false);
});
