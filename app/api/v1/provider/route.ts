import { getContainer } from "@/lib/container";
import { presentProvider } from "@/lib/http/presenters";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

export const GET = authorized("read", async () => Response.json(presentProvider(getContainer().provider.status())));
