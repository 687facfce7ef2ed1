import { ConfigError } from "./config/settings";
import { getContainer } from "./container";

/** Opens the workspace at server start instead of on the first request; a bad setting ends the process. */
export async function bootApp(): Promise<void> {
  try {
    const { settings } = getContainer();
    console.log(`[vm] workspace ${settings.workspaceDir} ready`);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`[vm] cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}
