// The Tracer port: spans around the work that matters to an operator (a run being driven, a stage
// attempt, an LLM call). lib/telemetry implements it with OpenTelemetry when an OTLP endpoint is
// configured; otherwise the no-op below runs the work and records nothing.

export type SpanAttributes = Record<string, string | number | boolean | undefined>;

export interface Span {
  /** False for the no-op span: attributes that cost a read to compute are skipped. */
  isRecording(): boolean;
  setAttributes(attributes: SpanAttributes): void;
  /** Marks the span failed with a classified kind ("rate_limited", "timeout", …). */
  fail(kind: string, message: string): void;
}

export interface Tracer {
  /**
   * Runs `work` inside a span, a child of the span current in this async context; the span ends when
   * the work settles, failed if it throws.
   */
  inSpan<T>(name: string, attributes: SpanAttributes, work: (span: Span) => Promise<T>): Promise<T>;
  /** A span the caller ends (around a stream it yields from); a child of the current span, never a parent. */
  start(name: string, attributes: SpanAttributes): Span & { end(): void };
}

const noSpan: Span & { end(): void } = { isRecording: () => false, setAttributes: () => {}, fail: () => {}, end: () => {} };
export const noTracer: Tracer = { inSpan: (_name, _attributes, work) => work(noSpan), start: () => noSpan };
