import { DomainError } from "@/lib/domain/errors";
import { publicRoute } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

// Unknown paths under /api/ outside v1 answer in the API's error envelope, after the host check — the
// proxy does not run for /api/, so without this they would render the HTML 404 page unchecked.
const unknown = publicRoute(async (req) => {
  throw new DomainError("not_found", `no endpoint ${req.method} ${new URL(req.url).pathname}`);
});

export { unknown as GET, unknown as POST, unknown as PATCH, unknown as PUT, unknown as DELETE };
