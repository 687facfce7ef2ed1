// The server as a user meets it (`next start`): cold start to the first 200, CRUD latency and throughput
// with 50 concurrent clients (autocannon), and the peak resident memory of the server process — each
// read beside its floors: bare Node HTTP and the app's most trivial route, measured in the same run.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startNextServer } from "../tests/support/nextServer";
import { bareNodeFloor, load, times, type LoadResult } from "./httpLoad";
import { round, type BenchRow } from "./stats";

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(status.match(/VmHWM:\s+(\d+) kB/)?.[1] ?? 0) / 1024;
}

export async function serverBench(): Promise<BenchRow[]> {
  // The floors first, on the same machine in the same run: what bare Node allows, then the app's most
  // trivial route (the framework's own cost per request).
  const bare = await bareNodeFloor(6);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vm-bench-server-"));
  const started = performance.now();
  const server = await startNextServer(await freePort(), { VM_WORKSPACE: dir, VM_SETTINGS: path.resolve("tests/fixtures/settings.test.yaml") });
  const coldStart = performance.now() - started;
  try {
    const api = `${server.url}/api/v1`;
    const post = async (body: unknown) => (await fetch(`${api}/brands`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).json();
    const brand = await post({ name: "Bench", soul_md: "# Alma\n\n" + "texto ".repeat(200) });
    for (let i = 0; i < 31; i++) await post({ name: `Marca ${i}`, soul_md: "## Alma\n\n" + "Uma marca de benchmark. ".repeat(100) });
    await load(server.url, [{ method: "GET", path: "/api/v1/health" }], 2); // warm-up: routes compiled and loaded
    const health = await load(server.url, [{ method: "GET", path: "/api/v1/health" }], 8);
    const reads = await load(server.url, [{ method: "GET", path: `/api/v1/brands/${brand.id}` }], 8);
    const lists = await load(server.url, [{ method: "GET", path: "/api/v1/brands" }], 6);
    let n = 0;
    const writes = await load(server.url, [{ method: "POST", path: "/api/v1/brands", headers: { "content-type": "application/json" }, setupRequest: (req) => ({ ...req, body: JSON.stringify({ name: `Marca ${n++}`, soul_md: "## Alma\n\nUma marca de benchmark." }) }) }], 8);
    const patches = await load(server.url, [{ method: "PATCH", path: `/api/v1/brands/${brand.id}`, headers: { "content-type": "application/json" }, setupRequest: (req) => ({ ...req, body: JSON.stringify({ tone: `tom ${n++}` }) }) }], 6);
    const rss = peakRssMb(server.process.pid!);
    const vsFloor = (r: LoadResult) => `p95 ${times(r.p95, health.p95)} the trivial route's, throughput ${times(health.rps, r.rps)} lower`;
    const row = (what: string, r: LoadResult, note = ""): BenchRow[] => [
      { benchmark: "server", metric: `${what} p50 (50 clients)`, value: r.p50, unit: "ms" },
      { benchmark: "server", metric: `${what} p95 (50 clients)`, value: r.p95, unit: "ms", note: vsFloor(r) },
      { benchmark: "server", metric: `${what} throughput`, value: r.rps, unit: "req/s", note: `${r.total} requests, ${r.errors} errors${note}` },
    ];
    return [
      { benchmark: "server", metric: "bare Node HTTP p95 (50 clients, floor)", value: bare.p95, unit: "ms", note: `${bare.rps} req/s` },
      { benchmark: "server", metric: "GET /api/v1/health p95 (50 clients, the framework's floor)", value: health.p95, unit: "ms", note: `p50 ${health.p50} ms, ${health.rps} req/s = bare Node / ${round(bare.rps / health.rps, 0)}` },
      { benchmark: "server", metric: "cold start of next start → first 200", value: round(coldStart, 0), unit: "ms" },
      ...row("GET /brands/{id}", reads),
      ...row("GET /brands (32 brands)", lists),
      ...row("POST /brands", writes),
      ...row("PATCH /brands/{id} (compare-and-set; conflicts are 409s)", patches, " (409s by design)"),
      { benchmark: "server", metric: "peak RSS of the server", value: round(rss, 0), unit: "MB" },
    ];
  } finally {
    await server.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
