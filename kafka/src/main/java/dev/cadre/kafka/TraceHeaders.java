package dev.cadre.kafka;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Carries the sender's OpenTelemetry context to the handler, in whichever process it runs: the
 * current span is written into each message record as W3C trace-context headers ({@code
 * traceparent}, {@code tracestate}), and the handler runs with the context read back from them, so
 * the spans it starts are children of the sender's. With no span current (no OpenTelemetry SDK, or
 * nothing traced) nothing is written, and the handler runs in the root context.
 *
 * <p>W3C trace context is used as such rather than the globally configured propagators, so that
 * workers agree on the format whatever each process installs.
 */
final class TraceHeaders {

  private static final TextMapPropagator PROPAGATOR = W3CTraceContextPropagator.getInstance();

  private static final TextMapGetter<Headers> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
          List<String> keys = new ArrayList<>();
          for (Header header : headers) {
            keys.add(header.key());
          }
          return keys;
        }

        @Override
        public String get(Headers headers, String key) {
          Header header = headers == null ? null : headers.lastHeader(key);
          return header == null || header.value() == null
              ? null
              : new String(header.value(), StandardCharsets.UTF_8);
        }
      };

  private TraceHeaders() {}

  /** Writes the current context into {@code headers}; nothing when no span is current. */
  static void inject(Headers headers) {
    PROPAGATOR.inject(
        Context.current(),
        headers,
        (carrier, key, value) -> carrier.add(key, value.getBytes(StandardCharsets.UTF_8)));
  }

  /** The context a record's headers carry; the root context when they carry none. */
  static Context extract(Headers headers) {
    return PROPAGATOR.extract(Context.root(), headers, GETTER);
  }
}
