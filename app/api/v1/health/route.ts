import { APP_VERSION } from "@/lib/config/appVersion";
import { getContainer } from "@/lib/container";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  getContainer(); // opens the workspace: a health check that passes means the database is usable
  return Response.json({ ok: true, version: APP_VERSION });
});
