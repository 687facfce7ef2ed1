import { httpApi, waitFor } from "./httpApi";
import { readSse } from "./readSse";

// Everything a marketer and a colleague do at once on one server: four runs of four stacks on four
// campaigns driven to completion gate by gate, chat replies streamed and not, memory searches, an
// export — while health is polled on a timer. Shared by the concurrency test and `npm run bench`.

export interface HealthPoll {
  ok: boolean;
  ms: number;
  error?: string;
}

/** Polls health on a timer for as long as it runs; each poll gives up after a second. */
export function watchHealth(api: ReturnType<typeof httpApi>, everyMs = 150) {
  const polls: HealthPoll[] = [];
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      const started = performance.now();
      try {
        const r = await api.get("/health", { timeoutMs: 1000 });
        polls.push({ ok: r.status === 200, ms: r.ms });
      } catch (err) {
        polls.push({ ok: false, ms: performance.now() - started, error: (err as Error).name });
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async end(): Promise<HealthPoll[]> {
      stop = true;
      await loop;
      return polls;
    },
  };
}

export async function concurrentWorkload(baseUrl: string, context?: () => string) {
  const api = httpApi(baseUrl);
  const { brand, product, threads } = await api.seed(4);
  const started = performance.now();
  const health = watchHealth(api);

  const stacks = ["foundation", "conversion", "traffic", "nurture"];
  const starts = await Promise.all(stacks.map((stack, i) => api.post("/runs", { thread_id: threads[i].id, stack, request: `Campanha de inverno (${stack})` })));

  const chatPlain = threads.slice(0, 3).map((t, i) => api.post("/chat", { thread_id: t.id, message: `Ideias de título ${i}`, stream: false }));
  const chatStreamed = threads.slice(1, 3).map(async (t, i) => {
    const res = await fetch(`${baseUrl}/api/v1/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ thread_id: t.id, message: `Resuma a campanha ${i}`, stream: true }),
      signal: AbortSignal.timeout(60_000),
    });
    return readSse(res.body);
  });
  const searches = [0, 1, 2, 3].map((i) =>
    api.post("/memory/search", { query: `inverno ${i}`, brand_id: brand.id, product_id: product.id, ...(i % 2 && { thread_id: threads[i].id }) }),
  );
  const exported = fetch(`${baseUrl}/api/v1/workspace/export`, { signal: AbortSignal.timeout(60_000) }).then(async (r) => ({
    status: r.status,
    bytes: (await r.arrayBuffer()).byteLength,
  }));

  // Every run driven to completion, each gate approved as it comes, all four at once; between gates a
  // memory search and a chat message, as a colleague would.
  const approvals: number[] = [];
  const drive = async (runId: string) => {
    for (;;) {
      const run = await waitFor(
        `run ${runId} at a gate or done`,
        async () => {
          const r = (await api.get(`/runs/${runId}`)).json;
          return ["waiting_approval", "completed", "failed"].includes(r.status) && r;
        },
        60_000,
        context,
      );
      if (run.status !== "waiting_approval") return run;
      const stage = run.stages.find((s: any) => s.status === "waiting_approval");
      // A stage with variants is approved by choosing one (the latest).
      const decided = await api.post(`/runs/${runId}/approve`, { stage_id: stage.id, ...(stage.variants > 1 && { attempt: stage.attempts.at(-1).n }) });
      approvals.push(decided.status);
      await Promise.all([
        api.post("/memory/search", { query: stage.title, brand_id: brand.id }),
        api.post("/chat", { thread_id: run.thread_id, message: `O que achou de ${stage.title}?`, stream: false }),
      ]);
    }
  };
  const finished = starts.every((s) => s.status === 202) ? await Promise.all(starts.map((s) => drive(s.json.id))) : [];
  const [plain, streamed, searched, archive] = await Promise.all([Promise.all(chatPlain), Promise.all(chatStreamed), Promise.all(searches), exported]);
  const polls = await health.end();
  return { api, brand, threads, starts, finished, approvals, plain, streamed, searched, archive, polls, seconds: (performance.now() - started) / 1000 };
}
