import { z } from "zod";
import { idPattern } from "../domain/ids";

// Query strings of the API, shared by the route handlers that parse them and the OpenAPI document.

/** An invitation link's token (GET /invitations/lookup). */
export const invitationLookupQuery = z.strictObject({ token: z.string().min(1).max(200) });

export const healthQuery = z.strictObject({ window_s: z.coerce.number().int().min(1).max(60).optional() });

export const threadPageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce.number().int().min(1).optional(),
});

export const eventsQuery = z
  .strictObject({
    run_id: z.string().regex(idPattern("run"), "not a run id").optional(),
    thread_id: z.string().regex(idPattern("thread"), "not a thread id").optional(),
  })
  .refine((q) => !!q.run_id !== !!q.thread_id, { message: "give exactly one of run_id and thread_id" });

export const exportQuery = z.strictObject({ brand_id: z.string().regex(idPattern("brand"), "not a brand id").optional() });

/** What a re-run from a stage would do (GET /runs/{id}/rerun). */
export const rerunPlanQuery = z.strictObject({
  from_stage_id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "not a stage id"),
  stack_version: z.enum(["same", "current"]).default("same"),
});

/** Two attempts to compare: `<run>:<stage>:<n>`, or `<run>:<stage>` for what the stage stands for. */
export const compareQuery = z.strictObject({
  left: z.string().min(1).max(200),
  right: z.string().min(1).max(200),
});

/** `?cascade=true` on a delete, `?merge=true` on an import. */
export const flagQuery = (name: string) => z.object({ [name]: z.enum(["true", "false", "1", "0"]).optional() });

/** The query of a request, as the object the schemas above parse. */
export const queryOf = (req: Request) => Object.fromEntries(new URL(req.url).searchParams);
