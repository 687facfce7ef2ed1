// `npm run reindex`: drop the memory index and rebuild it from SQLite and the files (the source of truth).
// Run it with the server stopped (or call POST /api/v1/memory/reindex on the running server instead):
// two processes must not write the same index at once.
import { createContainer } from "../lib/container";
import { loadSettings } from "../lib/config/settings";

async function main() {
  const c = createContainer(loadSettings());
  try {
    const status = await c.memory.status();
    console.log(`embedder: ${status.embedder.fingerprint} (${status.embedder.state}${status.embedder.error ? `: ${status.embedder.error}` : ""})`);
    const r = await c.memory.reindex();
    console.log(`memory index rebuilt: ${r.chunks} chunks, ${r.embedded} with vectors, in ${r.tookMs} ms`);
  } finally {
    await c.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
