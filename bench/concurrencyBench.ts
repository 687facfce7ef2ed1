// The concurrency workload of tests/server/concurrency.test.ts, timed: four runs of four stacks driven
// to completion at once with chat, memory searches and an export in parallel, on the real server.
import { concurrentWorkload } from "../tests/support/concurrentWorkload";
import { startFakeLlmServer } from "../tests/support/fakeLlmServer";
import { freePort, startNextServer } from "../tests/support/nextServer";
import { studioResponder } from "../tests/support/studioResponder";
import { disposeWorkspace, serverWorkspace } from "../tests/support/tempWorkspace";
import { percentile, round, type BenchRow } from "./stats";

export async function concurrencyBench(): Promise<BenchRow[]> {
  const fake = await startFakeLlmServer();
  fake.setResponder(studioResponder);
  const ws = serverWorkspace("vm-bench-conc-");
  const server = await startNextServer(await freePort(), { ...ws.env, VM_LLM_BASE_URL: fake.baseUrl, VM_LLM_API_KEY: "sk-bench" });
  try {
    // The floor: health answered on the idle server, polled the same way.
    const idle: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t = performance.now();
      await (await fetch(`${server.url}/api/v1/health`)).text();
      if (i >= 5) idle.push(performance.now() - t);
    }
    const w = await concurrentWorkload(server.url);
    const loop = (await w.api.get(`/health?window_s=${Math.min(60, Math.ceil(w.seconds))}`)).json.event_loop_delay_ms;
    const ms = w.polls.map((p) => p.ms);
    const stages = w.finished.reduce((n, r) => n + r.stages.length, 0);
    return [
      { benchmark: "concurrency", metric: "4 runs + chat + searches + export, wall time", value: round(w.seconds, 1), unit: "s", note: `${stages} stages, ${w.approvals.length} gates` },
      { benchmark: "concurrency", metric: "health answer p95, idle server (floor)", value: round(percentile(idle, 95)), unit: "ms", note: "35 polls" },
      { benchmark: "concurrency", metric: "health answer p95 during it", value: round(percentile(ms, 95)), unit: "ms", note: `${ms.length} polls, ${w.polls.filter((p) => !p.ok).length} failed; ${round(percentile(ms, 95) / percentile(idle, 95), 0)}× idle` },
      { benchmark: "concurrency", metric: "event-loop delay p99 during it", value: loop.p99, unit: "ms", note: `p50 ${loop.p50} ms, max ${loop.max} ms over ${loop.window_s} s` },
    ];
  } finally {
    await server.kill();
    await fake.close();
    await disposeWorkspace(ws.dir);
  }
}
