// HTTP load for the server benchmarks, and the floors their figures are read against: the same load on a
// bare Node HTTP server (what the machine allows) and on the framework's most trivial route of the app.
import http from "node:http";
import type { AddressInfo } from "node:net";
import autocannon from "autocannon";
import { percentile, round } from "./stats";

export interface LoadResult {
  p50: number;
  p95: number;
  rps: number;
  errors: number;
  total: number;
}

/** `connections` concurrent clients for `seconds`; latencies from every response, not autocannon's buckets. */
export async function load(url: string, requests: autocannon.Request[], seconds: number, connections = 50): Promise<LoadResult> {
  const latencies: number[] = [];
  // Without a callback autocannon returns a promise that is also its event emitter.
  const instance = autocannon({ url, connections, duration: seconds, requests }) as unknown as Promise<autocannon.Result> & autocannon.Instance;
  instance.on("response", (_client, _status, _bytes, responseTime) => void latencies.push(responseTime));
  const result = await instance;
  return {
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    rps: round(result.requests.average, 0),
    errors: result.errors + result.non2xx,
    total: result.requests.total,
  };
}

/** The floor of every server figure: a bare Node HTTP server answering a small JSON body, same load. */
export async function bareNodeFloor(seconds: number): Promise<LoadResult> {
  const body = JSON.stringify({ ok: true, version: "bench" });
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    return await load(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, [{ method: "GET", path: "/" }], seconds);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** "3.1× floor" — a figure beside what it is read against (latency: higher is worse; throughput: lower is). */
export const times = (value: number, floor: number) => `${round(value / floor, 1)}×`;
