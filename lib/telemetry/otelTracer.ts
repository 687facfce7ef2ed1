import { context, SpanStatusCode, trace, type Attributes, type Span as OtelSpan } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import type { SpanAttributes, Tracer } from "../domain/tracing";

const clean = (a: SpanAttributes): Attributes => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as Attributes;

export interface Telemetry {
  tracer: Tracer;
  /** Sends what is buffered (tests, shutdown). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Registers an OpenTelemetry tracer provider for the process — so Next's own request spans are
 * recorded too — exporting over OTLP/HTTP (JSON) to `<endpoint>/v1/traces`, and returns our Tracer on it.
 * Called once, by the container, only when an endpoint is configured.
 */
export function startOtelTelemetry(opts: { endpoint: string; serviceName: string; version: string; batchDelayMs: number }): Telemetry {
  // One provider per process (the API's globals can be set once); a container made again reuses it.
  const holder = globalThis as unknown as { __vmTelemetry?: Telemetry };
  return (holder.__vmTelemetry ??= createTelemetry(opts));
}

function createTelemetry(opts: { endpoint: string; serviceName: string; version: string; batchDelayMs: number }): Telemetry {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": opts.serviceName, "service.version": opts.version }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${opts.endpoint}/v1/traces` }), scheduledDelayMillis: opts.batchDelayMs })],
  });
  // Spans follow the async work they belong to (a stage attempt's LLM call is its child).
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  const otel = trace.getTracer("vm-studio", opts.version);

  const failWith = (span: OtelSpan) => (kind: string, message: string) => {
    span.setAttribute("error.type", kind);
    span.setStatus({ code: SpanStatusCode.ERROR, message });
  };
  const tracer: Tracer = {
    start(name, attributes) {
      const span = otel.startSpan(name, { attributes: clean(attributes) });
      return { isRecording: () => span.isRecording(), setAttributes: (a) => span.setAttributes(clean(a)), fail: failWith(span), end: () => span.end() };
    },
    inSpan(name, attributes, work) {
      return otel.startActiveSpan(name, { attributes: clean(attributes) }, async (span) => {
        try {
          return await work({
            isRecording: () => span.isRecording(),
            setAttributes: (a) => span.setAttributes(clean(a)),
            fail: failWith(span),
          });
        } catch (err) {
          span.setAttribute("error.type", (err as { kind?: string }).kind ?? (err as Error).name ?? "error");
          span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
          throw err;
        } finally {
          span.end();
        }
      });
    },
  };
  return { tracer, flush: () => provider.forceFlush(), shutdown: () => provider.shutdown() };
}
