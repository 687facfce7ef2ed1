import { resetInput } from "@/lib/domain/accounts";
import { getContainer } from "@/lib/container";
import { readJson } from "@/lib/http/readJson";
import { publicRoute } from "@/app/api/v1/_authorized";
import { requireHosted } from "@/app/api/v1/_session";

export const dynamic = "force-dynamic";

/** Sets a new password from a reset link (once); every session of the account ends. */
export const POST = publicRoute(async (req) => {
  requireHosted();
  const c = getContainer();
  const input = await readJson(req, resetInput, c.settings.http.max_body_bytes);
  await c.account.resetPassword(input);
  return new Response(null, { status: 204 });
});
