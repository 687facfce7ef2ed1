import http from "node:http";
import { afterAll, beforeAll, expect, test } from "vitest";
import { freePort, startNextServer, type NextServer } from "../support/nextServer";
import { disposeWorkspace, serverWorkspace } from "../support/tempWorkspace";

let server: NextServer;
let port: number;
const ws = serverWorkspace("vm-sec-");

beforeAll(async () => {
  port = await freePort();
  server = await startNextServer(port, ws.env);
}, 120_000);
afterAll(async () => {
  await server.kill();
  await disposeWorkspace(ws.dir);
});

/** A raw HTTP request, so the Host and Origin headers are exactly what an attacker would send. */
function request(method: string, p: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path: p, headers: { ...(body && { "content-type": "application/json" }), ...headers } }, (res) => {
      let data = "";
      res.on("data", (c) => (data += c));
      res.on("end", () => resolve({ status: res.statusCode!, body: data }));
    });
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

const brandCount = async () => JSON.parse((await request("GET", "/api/v1/brands", { host: `127.0.0.1:${port}` })).body).items.length;

test("the server listens on 127.0.0.1 and answers its own names", async () => {
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
    expect((await request("GET", "/api/v1/health", { host })).status).toBe(200);
  }
  expect(server.output()).not.toMatch(/0\.0\.0\.0/);
});

test("DNS rebinding: a request whose Host is another name is refused, pages and API alike", async () => {
  // API routes check in their wrapper, pages in the proxy: every kind of each.
  for (const p of ["/api/v1/brands", "/api/v1/health", "/api/v1/openapi.json", "/api/v1/no-such-endpoint", "/api/v1/events", "/api/docs", "/api/docs/init.js", "/api/elsewhere", "/", "/settings", "/memory"]) {
    const res = await request("GET", p, { host: `evil.example:${port}` });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error.code).toBe("forbidden");
  }
});

test("a page on another origin cannot change anything through the API", async () => {
  const body = JSON.stringify({ name: "Pwned" });
  const host = `127.0.0.1:${port}`;
  for (const origin of ["https://evil.example", `http://localhost:${port + 1}`, "null"]) {
    const res = await request("POST", "/api/v1/brands", { host, origin }, body);
    expect(res.status, origin).toBe(403);
  }
  expect((await request("POST", "/api/v1/brands", { host, "sec-fetch-site": "cross-site" }, body)).status).toBe(403);
  expect(await brandCount()).toBe(0);
  // The app's own pages (same origin) and scripts without an Origin (curl) work.
  expect((await request("POST", "/api/v1/brands", { host, origin: `http://${host}` }, body)).status).toBe(201);
  expect((await request("POST", "/api/v1/brands", { host }, JSON.stringify({ name: "Via curl" }))).status).toBe(201);
  expect(await brandCount()).toBe(2);
});
