export interface SseMessage {
  event: string;
  data: unknown;
  id?: string | number;
}

const encoder = new TextEncoder();

export function formatSse(m: SseMessage): string {
  const id = m.id === undefined ? "" : `id: ${m.id}\n`;
  return `${id}event: ${m.event}\ndata: ${JSON.stringify(m.data)}\n\n`;
}

/**
 * A `text/event-stream` response fed by an async iterable. Comment heartbeats keep idle connections
 * (and proxies) open; when the client goes away the iterator is closed, and nothing else is stopped.
 */
export function sseResponse<T = SseMessage>(
  messages: AsyncIterable<T>,
  { heartbeatMs = 15_000, status = 200, map }: { heartbeatMs?: number; status?: number; map?: (value: T) => SseMessage } = {},
): Response {
  const iterator = messages[Symbol.asyncIterator]();
  const toMessage = map ?? ((v: T) => v as unknown as SseMessage);
  let heartbeat: NodeJS.Timeout | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(": connected\n\n"));
      heartbeat = setInterval(() => {
        try {
          controller.enqueue(encoder.encode(": heartbeat\n\n"));
        } catch {
          clearInterval(heartbeat);
        }
      }, heartbeatMs);
    },
    async pull(controller) {
      try {
        const { value, done } = await iterator.next();
        if (done) {
          clearInterval(heartbeat);
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(formatSse(toMessage(value))));
      } catch (err) {
        clearInterval(heartbeat);
        controller.error(err);
      }
    },
    async cancel() {
      clearInterval(heartbeat);
      await iterator.return?.();
    },
  });
  return new Response(stream, {
    status,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
