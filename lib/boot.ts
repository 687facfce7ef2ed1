import { ConfigError } from "./config/settings";
import { isBuildPhase } from "./config/runtime";
import { getContainer, type Container } from "./container";

/**
 * SIGTERM / SIGINT (with NEXT_MANUAL_SIG_HANDLE set, as `npm start` does, Next leaves them to us): no new
 * stage starts, the ones in flight get engine.shutdown_grace_ms to finish, then the process exits. A
 * second signal exits at once (what was cut is resumed at the next start).
 */
function handleShutdownSignals(container: Container): void {
  let closing = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (closing) process.exit(1);
      closing = true;
      const grace = container.settings.engine.shutdown_grace_ms;
      const busy = container.engine.inFlight();
      console.log(`[vm] ${signal}: stopping${busy ? `; ${busy} stage(s) in flight get up to ${grace} ms to finish` : ""}`);
      void container
        .close(grace)
        .catch((err) => console.error("[vm] shutdown:", err))
        .finally(() => process.exit(0));
    });
  }
}

/** Opens the workspace at server start instead of on the first request; a bad setting ends the process. */
export async function bootApp(): Promise<void> {
  if (isBuildPhase()) return;
  try {
    const container = getContainer();
    const { settings, engine } = container;
    handleShutdownSignals(container);
    const recovered = await engine.recover();
    const hosted = settings.deployment.mode === "hosted";
    if (hosted) await container.account.bootstrap(settings.secrets.owner);
    console.log(
      hosted
        ? `[vm] hosted instance ready` + (recovered.length ? `; queued the next step of ${recovered.length} running run(s)` : "")
        : `[vm] workspace ${settings.workspaceDir} ready` + (recovered.length ? `; resumed ${recovered.length} interrupted run(s)` : ""),
    );
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`[vm] cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}
