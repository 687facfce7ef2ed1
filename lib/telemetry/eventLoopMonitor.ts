import { createHistogram, type RecordableHistogram } from "node:perf_hooks";
import type { EventLoopDelay, EventLoopMonitor } from "../domain/serverHealth";

const SAMPLE_MS = 20;
const SLICE_MS = 1000;
const MAX_WINDOW_S = 60;

/**
 * Event-loop delay over the last minute (or fewer seconds), and a warning when one block exceeds `warnMs`.
 *
 * It samples the way perf_hooks' monitorEventLoopDelay does — how late a short repeating timer fires —
 * but records into RecordableHistograms, one per second: those can be merged (the IntervalHistogram of
 * monitorEventLoopDelay cannot), so the percentiles over any recent window are exact rather than a
 * blend of per-slice summaries. A spin on promise continuations shows up here at once.
 */
export function startEventLoopMonitor(opts: { warnMs: number; log: (message: string) => void }): EventLoopMonitor {
  const slices: RecordableHistogram[] = [createHistogram()];
  let sliceStartedAt = performance.now();
  let expected = performance.now() + SAMPLE_MS;
  const sampler = setInterval(() => {
    const now = performance.now();
    const late = Math.max(0, now - expected);
    expected = now + SAMPLE_MS;
    // A blocked loop also delays the rotation timer: open the slices the block spanned, so a window
    // counts seconds of wall time, not timer ticks.
    while (now - sliceStartedAt >= SLICE_MS) {
      slices.push(createHistogram());
      if (slices.length > MAX_WINDOW_S) slices.shift();
      sliceStartedAt += SLICE_MS;
    }
    slices.at(-1)!.record(Math.max(1, Math.round(late * 1e6)));
    if (late >= opts.warnMs) opts.log(`the event loop was blocked for ${Math.round(late)} ms (warning threshold ${opts.warnMs} ms)`);
  }, SAMPLE_MS);
  sampler.unref();

  return {
    snapshot(windowS = MAX_WINDOW_S): EventLoopDelay {
      const take = Math.max(1, Math.min(MAX_WINDOW_S, Math.ceil(windowS)));
      const all = createHistogram();
      for (const s of slices.slice(-take)) all.add(s);
      const covered = Math.min(take, Math.round((slices.length - 1) + (performance.now() - sliceStartedAt) / SLICE_MS));
      const ms = (ns: number) => Math.round(ns / 1e4) / 100;
      if (all.count === 0) return { p50: 0, p99: 0, max: 0, samples: 0, window_s: covered };
      return { p50: ms(all.percentile(50)), p99: ms(all.percentile(99)), max: ms(all.max), samples: all.count, window_s: covered };
    },
    stop() {
      clearInterval(sampler);
    },
  };
}
