import { getContainer } from "@/lib/container";
import { openApiDocument } from "@/lib/http/openapi";
import { publicRoute } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** The OpenAPI 3.1 description of this API (generate a typed client from it; /api/docs renders it). */
export const GET = publicRoute(async () => Response.json(openApiDocument(getContainer().version)));
