import { getContainer } from "@/lib/container";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const s = await getContainer().memory.status();
  return Response.json({
    embedder: {
      provider: s.embedder.provider,
      model: s.embedder.model,
      state: s.embedder.state,
      progress: s.embedder.progress,
      error: s.embedder.error,
      fingerprint: s.embedder.fingerprint,
      dims: s.embedder.dims,
    },
    retrieval_mode: s.retrievalMode,
    index: {
      chunks: s.index.chunks,
      embedded_chunks: s.index.embeddedChunks,
      waiting_for_vectors: s.index.waitingForVectors,
      building: s.index.building,
      pending_jobs: s.index.pendingJobs,
      failed_jobs: s.index.failedJobs.map((f) => ({ source: f.source, error: f.error, attempts: f.attempts, next_try_at: f.nextTryAt })),
      last_sync_at: s.index.lastSyncAt,
      last_error: s.index.lastError,
    },
  });
});
