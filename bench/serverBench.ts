// The server as a user meets it (`next start`): cold start to the first 200, CRUD latency and throughput
// with 50 concurrent clients (autocannon), and the peak resident memory of the server process.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { freePort, startNextServer } from "../tests/support/nextServer";
import { percentile, round, type BenchRow } from "./stats";

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(status.match(/VmHWM:\s+(\d+) kB/)?.[1] ?? 0) / 1024;
}

async function load(url: string, requests: autocannon.Request[], seconds: number) {
  const latencies: number[] = [];
  // Without a callback autocannon returns a promise that is also its event emitter.
  const instance = autocannon({ url, connections: 50, duration: seconds, requests }) as unknown as Promise<autocannon.Result> & autocannon.Instance;
  instance.on("response", (_client, _status, _bytes, responseTime) => void latencies.push(responseTime));
  const result = await instance;
  return {
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    rps: result.requests.average,
    errors: result.errors + result.non2xx,
    total: result.requests.total,
  };
}

export async function serverBench(): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vm-bench-server-"));
  const started = performance.now();
  const server = await startNextServer(await freePort(), { VM_WORKSPACE: dir, VM_SETTINGS: path.resolve("tests/fixtures/settings.test.yaml") });
  const coldStart = performance.now() - started;
  try {
    const api = `${server.url}/api/v1`;
    const brand = await (await fetch(`${api}/brands`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Bench", soul_md: "# Alma\n\n" + "texto ".repeat(200) }) })).json();
    const reads = await load(`${server.url}`, [{ method: "GET", path: `/api/v1/brands/${brand.id}` }], 8);
    let n = 0;
    const writes = await load(`${server.url}`, [{ method: "POST", path: "/api/v1/brands", headers: { "content-type": "application/json" }, setupRequest: (req) => ({ ...req, body: JSON.stringify({ name: `Marca ${n++}`, soul_md: "## Alma\n\nUma marca de benchmark." }) }) }], 8);
    const patches = await load(`${server.url}`, [{ method: "PATCH", path: `/api/v1/brands/${brand.id}`, headers: { "content-type": "application/json" }, setupRequest: (req) => ({ ...req, body: JSON.stringify({ tone: `tom ${n++}` }) }) }], 6);
    const rss = peakRssMb(server.process.pid!);
    const row = (what: string, r: Awaited<ReturnType<typeof load>>): BenchRow[] => [
      { benchmark: "server", metric: `${what} p50 (50 clients)`, value: r.p50, unit: "ms" },
      { benchmark: "server", metric: `${what} p95 (50 clients)`, value: r.p95, unit: "ms" },
      { benchmark: "server", metric: `${what} throughput`, value: round(r.rps, 0), unit: "req/s", note: `${r.total} requests, ${r.errors} errors` },
    ];
    return [
      { benchmark: "server", metric: "cold start of next start → first 200", value: round(coldStart, 0), unit: "ms" },
      ...row("GET /brands/{id}", reads),
      ...row("POST /brands", writes),
      ...row("PATCH /brands/{id} (compare-and-set; conflicts are 409s)", patches),
      { benchmark: "server", metric: "peak RSS of the server", value: round(rss, 0), unit: "MB" },
    ];
  } finally {
    await server.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
