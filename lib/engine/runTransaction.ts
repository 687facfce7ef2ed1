import { createHash } from "node:crypto";
import type { Checks } from "../domain/guard/findings";
import { newId } from "../domain/ids";
import type { FileChanges, Repositories, UnitOfWork } from "../domain/ports";
import type { Artifact, ArtifactKind } from "../domain/run";
import type { RunEvent, RunEventType } from "../domain/runEvent";
import { layout } from "../domain/workspaceLayout";
import type { EventBus } from "./eventBus";

export type Emit = (type: RunEventType, data?: Record<string, unknown>, where?: { stageId?: string; attempt?: number }) => Promise<RunEvent>;

/** An artifact to write: its file and its row, with the content's hash and size. */
export interface ArtifactToWrite {
  kind: ArtifactKind;
  path: string;
  content: string;
  stageId: string | null;
  attempt: number | null;
  at: string;
  /** The brand guard's checks of this text (a reviewer's edit). */
  checks?: Checks | null;
  /** A re-run's copy of another run's artifact: where it came from. */
  reusedFrom?: Artifact["reusedFrom"];
}

export type RunTx = Repositories & {
  files: FileChanges;
  emit: Emit;
  /** Writes the file and its artifact row (sha256, bytes); the caller says what it means in its events. */
  writeArtifact(a: ArtifactToWrite): Promise<Artifact>;
};

/**
 * A unit of work on one run whose events are appended to events.jsonl inside the same transaction
 * (so the file and the database never disagree), and published only after it commits — which makes a
 * replay of the file exactly what a live subscriber saw.
 */
export async function runTransaction<T>(
  deps: { uow: UnitOfWork; bus: EventBus; now: () => Date },
  run: { id: string; threadId: string },
  work: (tx: RunTx) => Promise<T>,
): Promise<T> {
  const emitted: RunEvent[] = [];
  const result = await deps.uow.run(async (tx) => {
    const emit: Emit = async (type, data = {}, where = {}) => {
      const event: RunEvent = {
        seq: await tx.runs.nextEventSeq(run.id),
        ts: deps.now().toISOString(),
        run_id: run.id,
        thread_id: run.threadId,
        type,
        ...(where.stageId && { stage_id: where.stageId }),
        ...(where.attempt !== undefined && { attempt: where.attempt }),
        data,
      };
      await tx.files.append(layout.events(run.id), JSON.stringify(event) + "\n");
      emitted.push(event);
      return event;
    };
    const writeArtifact = async (a: ArtifactToWrite): Promise<Artifact> => {
      const artifact: Artifact = {
        id: newId("artifact"),
        runId: run.id,
        stageId: a.stageId,
        attempt: a.attempt,
        kind: a.kind,
        relativePath: a.path,
        contentType: "text/markdown",
        sha256: createHash("sha256").update(a.content).digest("hex"),
        bytes: Buffer.byteLength(a.content),
        checks: a.checks ?? null,
        reusedFrom: a.reusedFrom ?? null,
        createdAt: a.at,
      };
      await tx.files.put(a.path, a.content);
      await tx.runs.insertArtifact(artifact);
      return artifact;
    };
    return work({ ...tx, emit, writeArtifact });
  });
  for (const e of emitted) deps.bus.publish(e);
  return result;
}
