import { resetRequestInput } from "@/lib/domain/accounts";
import { getContainer } from "@/lib/container";
import { readJson } from "@/lib/http/readJson";
import { publicRoute } from "@/app/api/v1/_authorized";
import { clientAddress, requireHosted } from "@/app/api/v1/_session";

export const dynamic = "force-dynamic";

/** Sends a one-time reset link (or prints it to the server log). 202 whether or not the address is known. */
export const POST = publicRoute(async (req) => {
  requireHosted();
  const c = getContainer();
  const input = await readJson(req, resetRequestInput, c.settings.http.max_body_bytes);
  await c.account.requestReset(input.email, clientAddress(req));
  return Response.json({ sent: true }, { status: 202 });
});
