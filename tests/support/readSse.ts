import { createParser, type EventSourceMessage } from "eventsource-parser";

/** Reads a whole text/event-stream body into its events (parsed by eventsource-parser). */
export async function readSse(body: ReadableStream<Uint8Array> | string | null): Promise<{ event: string; data: any; id?: string }[]> {
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (e) => events.push(e) });
  if (typeof body === "string") parser.feed(body);
  else if (body) {
    const decoder = new TextDecoder();
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
  }
  return events.map((e) => ({ event: e.event ?? "message", data: JSON.parse(e.data), id: e.id }));
}

/**
 * Reads a live text/event-stream event by event (parsed by eventsource-parser), handing each to `onEvent`
 * until it returns true; then the body is cancelled (the server sees the client leave).
 */
export async function readSseUntil(res: Response, onEvent: (e: { event: string; data: any; id?: string }) => boolean): Promise<void> {
  let done = false;
  const parser = createParser({
    onEvent: (e) => {
      if (!done && onEvent({ event: e.event ?? "message", data: JSON.parse(e.data), id: e.id })) done = true;
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    if (done) break;
  }
  await res.body?.cancel().catch(() => {});
}
