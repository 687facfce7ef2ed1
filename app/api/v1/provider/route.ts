import { getContainer } from "@/lib/container";
import { presentProvider } from "@/lib/http/presenters";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async () => Response.json(presentProvider(getContainer().provider.status())));
