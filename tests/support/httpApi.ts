// The API of a running server (`next start`), over real HTTP: what the server tests and benchmarks drive.

export interface HttpAnswer {
  status: number;
  json: any;
  ms: number;
}

/** `headers` go with every call (hosted mode: `authorization: Bearer <token>`, or a session cookie). */
export function httpApi(baseUrl: string, headers: Record<string, string> = {}) {
  async function call(method: string, p: string, body?: unknown, opts: { timeoutMs?: number; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
    const started = performance.now();
    const res = await fetch(`${baseUrl}/api/v1${p}`, {
      method,
      headers: { ...(body !== undefined && { "content-type": "application/json" }), ...headers, ...opts.headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      // A server that stops answering must fail the test, not hang it.
      signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000),
    });
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, json, ms: performance.now() - started };
  }
  return {
    baseUrl,
    call,
    get: (p: string, opts?: { timeoutMs?: number }) => call("GET", p, undefined, opts),
    post: (p: string, body?: unknown, opts?: { timeoutMs?: number; headers?: Record<string, string> }) => call("POST", p, body ?? {}, opts),
    /** A brand → product → `threads` campaigns chain. */
    async seed(threads = 1, brandName = "Café Aurora") {
      const brand = (await call("POST", "/brands", { name: brandName, tone: "caloroso", taboos: ["barato"], soul_md: "# Alma\n\nCafé de origem, torra artesanal." })).json;
      const product = (await call("POST", "/products", { brand_id: brand.id, name: "Assinatura Mensal", price: "R$ 89", essence_md: "## Essência\n\nFrescor." })).json;
      const made = [];
      for (let i = 0; i < threads; i++) made.push((await call("POST", "/threads", { product_id: product.id, title: `Campanha ${i + 1}` })).json);
      return { brand, product, threads: made };
    },
  };
}

/** Polls `probe` (every 100 ms, on a timer) until it returns something truthy. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false | null> | T | undefined | false | null, ms = 30_000, context?: () => string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${context?.() ?? ""}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
