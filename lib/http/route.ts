import { errorResponse } from "./errorResponse";

type Params = Record<string, string | string[] | undefined>;
type Context = { params: Promise<Params> };

/** Wraps a route handler so every failure leaves as the one JSON error envelope. */
export function route(handler: (req: Request, params: Record<string, string>) => Promise<Response>) {
  return async (req: Request, ctx: Context): Promise<Response> => {
    try {
      const raw = ctx?.params ? await ctx.params : {};
      const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : (v ?? "")]));
      return await handler(req, params);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export function queryFlag(req: Request, name: string): boolean {
  const value = new URL(req.url).searchParams.get(name);
  return value === "true" || value === "1";
}
