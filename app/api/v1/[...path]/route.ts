import { DomainError } from "@/lib/domain/errors";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

// Unknown API paths answer in the API's own error envelope rather than with the HTML 404 page.
const unknown = authorized("read", async (req) => {
  throw new DomainError("not_found", `no endpoint ${req.method} ${new URL(req.url).pathname}`);
});

export { unknown as GET, unknown as POST, unknown as PATCH, unknown as PUT, unknown as DELETE };
