import { threadCreateInput } from "@/lib/domain/thread";
import { getContainer } from "@/lib/container";
import { presentThread } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(async (req) => {
  const c = getContainer();
  const input = await readJson(req, threadCreateInput, c.settings.http.max_body_bytes);
  return Response.json(presentThread(await c.threads.createThread(input)), { status: 201 });
});
