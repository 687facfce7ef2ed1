import { getContainer } from "@/lib/container";
import { presentMemoryStatus } from "@/lib/http/presenters";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async () => Response.json(presentMemoryStatus(await getContainer().memory.status())));
