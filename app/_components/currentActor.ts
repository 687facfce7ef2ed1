import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getContainer } from "@/lib/container";
import type { Actor } from "@/lib/domain/access";
import type { OwnedKind } from "@/lib/domain/accounts";
import { DomainError } from "@/lib/domain/errors";
import { orNotFound } from "./orNotFound";

/**
 * Who is looking at this page: the one implicit owner locally; in hosted mode the session's member, or a
 * redirect to the sign-in page. Pages read through the same access service as the API (once per request).
 */
export const currentActor = cache(async (): Promise<Actor> => {
  const c = getContainer();
  const h = await headers();
  try {
    return await c.access.authenticate(new Request("http://page.internal/", { headers: h }));
  } catch (err) {
    if (err instanceof DomainError && err.code === "unauthorized") redirect("/signin");
    throw err;
  }
});

/** Another organization's brand, product, thread or run is the 404 page, as an unknown id is. */
export async function requireOwnedPage(kind: OwnedKind, id: string): Promise<Actor> {
  const actor = await currentActor();
  await orNotFound(getContainer().access.requireOwned(actor, kind, id));
  return actor;
}
