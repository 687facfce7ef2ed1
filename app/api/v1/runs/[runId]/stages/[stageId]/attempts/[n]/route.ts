import { DomainError } from "@/lib/domain/errors";
import { getContainer } from "@/lib/container";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** The prompt snapshot of one attempt: parameters, Context Pack by section, messages, raw response, usage. */
export const GET = authorized("read", async (_req, { runId, stageId, n }) => {
  if (!/^[1-9]\d{0,5}$/.test(n)) throw new DomainError("not_found", `attempt ${JSON.stringify(n)} does not exist`);
  // As recorded: a snapshot written by an older version is returned as it is (the document describes the current format).
  const read = await getContainer().runs.getAttemptSnapshot(runId, stageId, Number(n));
  return Response.json(read.format === "current" ? read.snapshot : read.raw);
});
