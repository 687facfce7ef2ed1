import { DomainError } from "../domain/errors";

/**
 * A request body as a byte stream, for uploads: 415 unless its type is one of `types`, 413 past
 * `maxBytes` (declared or counted while reading).
 */
export function readBodyStream(req: Request, types: RegExp, maxBytes: number): AsyncIterable<Uint8Array> {
  const type = req.headers.get("content-type") ?? "";
  if (!types.test(type)) throw new DomainError("unsupported_media_type", `send the body as ${types.source.replace(/[\\^$()]/g, "")}`);
  if (Number(req.headers.get("content-length") ?? "0") > maxBytes) throw new DomainError("payload_too_large", `the upload is larger than ${maxBytes} bytes`);
  const body = req.body;
  return {
    async *[Symbol.asyncIterator]() {
      if (!body) return;
      let size = 0;
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new DomainError("payload_too_large", `the upload is larger than ${maxBytes} bytes`);
        yield chunk;
      }
    },
  };
}
