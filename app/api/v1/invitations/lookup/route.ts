import { z } from "zod";
import { getContainer } from "@/lib/container";
import { parseWith } from "@/lib/http/readJson";
import { route } from "@/lib/http/route";
import { requireHosted } from "@/app/api/v1/_session";

export const dynamic = "force-dynamic";

const query = z.strictObject({ token: z.string().min(1).max(200) });

/** What an invitation link offers (organization, e-mail, role), for the page that accepts it. */
export const GET = route(async (req) => {
  requireHosted();
  const q = parseWith(query, Object.fromEntries(new URL(req.url).searchParams));
  const { invitation, organization, hasAccount } = await getContainer().organization.invitationByToken(q.token);
  return Response.json({ organization: { name: organization.name }, email: invitation.email, role: invitation.role, expires_at: invitation.expiresAt.toISOString(), has_account: hasAccount });
});
