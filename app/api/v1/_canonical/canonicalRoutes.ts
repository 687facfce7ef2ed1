import { CANONICAL, splitPatch, type CanonicalKind } from "@/lib/domain/canonical";
import { patchInputOf } from "@/lib/domain/canonicalInput";
import { promotionInputs, restoreParams } from "@/lib/domain/promotionInput";
import { getContainer } from "@/lib/container";
import { presentCanonical, presentPromotion, presentVersion } from "@/lib/http/presenters";
import { parseWith, readJson } from "@/lib/http/readJson";
import { stampOf } from "@/lib/domain/access";
import { authorized } from "@/app/api/v1/_authorized";
import { idempotent } from "@/app/api/v1/_idempotent";

/**
 * The handlers every canonical kind shares — read, update, history, restore, promotions — made from the
 * kind's spec. Each route file under brands/[brandId]/… and products/[productId]/… is one line of these.
 */
export function canonicalRoutes(kind: CanonicalKind) {
  const spec = CANONICAL[kind];
  const patchInput = patchInputOf(spec);
  const idOf = (params: Record<string, string>) => params[spec.param];
  const base = `/api/v1/${kind}s/{${spec.param}}`; // as in the OpenAPI document: the idempotency keys' scope

  return {
    get: authorized("read", async (_req, params) => Response.json(presentCanonical(kind, await getContainer().canonical.get(kind, idOf(params))))),

    patch: authorized("edit", async (req, params) => {
      const c = getContainer();
      await c.canonical.requireRecord(kind, idOf(params)); // 404 before 400: a body is only judged for one that exists
      const body = await readJson(req, patchInput, c.settings.http.max_body_bytes);
      return Response.json(presentCanonical(kind, await c.canonical.update(kind, idOf(params), splitPatch(spec, body))));
    }),

    versions: authorized("read", async (_req, params) => {
      const versions = await getContainer().canonical.versions(kind, idOf(params));
      return Response.json({ items: versions.map(presentVersion) });
    }),

    /** Makes an old canonical version current again, as a new version (history only grows). */
    restore: authorized("decide", async (_req, params) => {
      const { version } = parseWith(restoreParams, { version: params.version });
      return Response.json(presentCanonical(kind, await getContainer().promotions.restoreVersion(kind, idOf(params), version)));
    }),

    promotions: authorized("read", async (_req, params) => {
      const items = await getContainer().promotions.list(kind, idOf(params));
      return Response.json({ items: items.map(presentPromotion) });
    }),

    /** A proposal: the before → after preview. Nothing changes until POST …/promotions/{id}/confirm. */
    propose: idempotent(`POST ${base}/promotions`, authorized("edit", async (req, params, actor) => {
      const c = getContainer();
      const input = await readJson(req, promotionInputs[kind], c.settings.http.max_body_bytes);
      return Response.json(presentPromotion(await c.promotions.propose(kind, idOf(params), input, stampOf(actor))), { status: 201 });
    })),

    promotion: authorized("read", async (_req, params) => Response.json(presentPromotion(await getContainer().promotions.get(kind, idOf(params), params.promotionId)))),
    confirm: idempotent(`POST ${base}/promotions/{promotionId}/confirm`, authorized("decide", async (_req, params, actor) => Response.json(presentPromotion(await getContainer().promotions.confirm(kind, idOf(params), params.promotionId, stampOf(actor)))))),
    discard: idempotent(`POST ${base}/promotions/{promotionId}/discard`, authorized("decide", async (_req, params, actor) => Response.json(presentPromotion(await getContainer().promotions.discard(kind, idOf(params), params.promotionId, stampOf(actor)))))),
  };
}

export const brandRoutes = canonicalRoutes("brand");
export const productRoutes = canonicalRoutes("product");
