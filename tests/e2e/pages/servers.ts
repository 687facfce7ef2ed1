import type { APIRequestContext } from "@playwright/test";
import type { Reply } from "../../support/fakeLlmServer";

// The servers playwright.config.ts starts (keep the ports in sync with it).

/** The app with no API key configured. */
export const NO_KEY_URL = "http://127.0.0.1:3101";

/** Control port of the fake OpenAI-compatible server the keyed app (3100) talks to. */
const FAKE_LLM_CONTROL = "http://127.0.0.1:3200";

/** Back to the fake model's default answers (a stage deliverable, a short streamed chat reply). */
export async function resetFakeLlm(request: APIRequestContext) {
  const res = await request.post(FAKE_LLM_CONTROL, { data: { reset: true } });
  if (!res.ok()) throw new Error(`fake LLM reset failed: ${res.status()}`);
}

/** Scripts the fake model's next answers, in order (then it goes back to its defaults). */
export async function scriptFakeLlm(request: APIRequestContext, ...queue: Reply[]) {
  const res = await request.post(FAKE_LLM_CONTROL, { data: { queue } });
  if (!res.ok()) throw new Error(`fake LLM script failed: ${res.status()}`);
}
