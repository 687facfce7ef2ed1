import { expect, test } from "vitest";
import { startEventLoopMonitor } from "@/lib/telemetry/eventLoopMonitor";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("a blocked event loop shows in the percentiles and is logged once it passes the threshold", async () => {
  const warnings: string[] = [];
  const monitor = startEventLoopMonitor({ warnMs: 100, log: (m) => warnings.push(m) });
  try {
    await sleep(300);
    const quiet = monitor.snapshot();
    expect(quiet.samples).toBeGreaterThan(5);
    expect(quiet.p99).toBeLessThan(100);
    expect(warnings).toEqual([]);

    const until = performance.now() + 250;
    while (performance.now() < until); // a synchronous block, as a spinning loop would cause
    await sleep(100);
    const after = monitor.snapshot();
    expect(after.max).toBeGreaterThanOrEqual(200);
    expect(after.p50).toBeLessThan(100); // one block, not a slow loop
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/blocked for \d+ ms/);
  } finally {
    monitor.stop();
  }
});

test("the window counts wall-clock seconds, even across a block", async () => {
  const monitor = startEventLoopMonitor({ warnMs: 10_000, log: () => {} });
  try {
    const until = performance.now() + 1300;
    while (performance.now() < until);
    await sleep(1100);
    // The block is in an earlier second: the last second alone has no delay worth the name.
    expect(monitor.snapshot(1).max).toBeLessThan(100);
    expect(monitor.snapshot(60).max).toBeGreaterThanOrEqual(1000);
  } finally {
    monitor.stop();
  }
});
