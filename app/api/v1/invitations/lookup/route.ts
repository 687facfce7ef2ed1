import { getContainer } from "@/lib/container";
import { presentInvitationOffer } from "@/lib/http/presenters";
import { invitationLookupQuery } from "@/lib/http/querySchemas";
import { parseWith } from "@/lib/http/readJson";
import { publicRoute } from "@/app/api/v1/_authorized";
import { requireHosted } from "@/app/api/v1/_session";

export const dynamic = "force-dynamic";

/** What an invitation link offers (organization, e-mail, role), for the page that accepts it. */
export const GET = publicRoute(async (req) => {
  requireHosted();
  const q = parseWith(invitationLookupQuery, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(presentInvitationOffer(await getContainer().organization.invitationByToken(q.token)));
});
