// Readiness, for a load balancer: every dependency an instance needs to serve requests answers. Liveness
// (GET /health) only says the process runs.

export interface ReadinessProbe {
  name: string;
  probe: () => Promise<void>;
}

export interface ReadinessCheck {
  name: string;
  ok: boolean;
  ms: number;
  /** Why it failed (the first line of the error). */
  error: string | null;
}

/** Runs the probes side by side, each bounded by `timeoutMs` (a hung database is not ready). */
export async function checkReadiness(probes: ReadinessProbe[], timeoutMs: number): Promise<{ ready: boolean; checks: ReadinessCheck[] }> {
  const checks = await Promise.all(
    probes.map(async ({ name, probe }): Promise<ReadinessCheck> => {
      const started = performance.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        await Promise.race([
          probe(),
          new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))),
        ]);
        return { name, ok: true, ms: Math.round(performance.now() - started), error: null };
      } catch (err) {
        return { name, ok: false, ms: Math.round(performance.now() - started), error: String((err as Error)?.message ?? err).split("\n")[0] };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ready: checks.every((c) => c.ok), checks };
}
