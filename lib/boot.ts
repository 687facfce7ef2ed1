import { ConfigError } from "./config/settings";
import { isBuildPhase } from "./config/runtime";
import { getContainer } from "./container";

/** Opens the workspace at server start instead of on the first request; a bad setting ends the process. */
export async function bootApp(): Promise<void> {
  if (isBuildPhase()) return;
  try {
    const { settings, engine } = getContainer();
    const recovered = await engine.recover();
    console.log(
      `[vm] workspace ${settings.workspaceDir} ready` + (recovered.length ? `; resumed ${recovered.length} interrupted run(s)` : ""),
    );
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`[vm] cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}
