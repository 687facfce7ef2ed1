// Runs the fake OpenAI-compatible server on its own (Playwright's webServer, benchmarks, manual tries):
//   npx tsx tests/support/fakeLlmCli.ts [port]
// Control on port + 1: POST {"queue": [Reply, …]} scripts the next answers (e.g. a 403 or a broken
// stream); POST {"reset": true} goes back to the default answers; GET /health.
import http from "node:http";
import { startFakeLlmServer, type Reply } from "./fakeLlmServer";
import { studioResponder } from "./studioResponder";

async function main() {
  const port = Number(process.argv[2] ?? 3199);
  const fake = await startFakeLlmServer(port);
  fake.setResponder(studioResponder);

  const control = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
    if (req.method === "GET" && req.url === "/health") return res.end("ok");
    if (body.reset) {
      fake.reset();
      fake.setResponder(studioResponder);
    }
    if (Array.isArray(body.queue)) fake.queue(...(body.queue as Reply[]));
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true, requests: fake.chatRequests().length }));
  });
  control.listen(port + 1, "127.0.0.1");
  console.log(`fake LLM on ${fake.baseUrl} (control on http://127.0.0.1:${port + 1})`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, async () => {
      control.close();
      await fake.close();
      process.exit(0);
    });
  }
}

void main();
