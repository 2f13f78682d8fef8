package dev.cadre.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;

/**
 * The real OpenTelemetry SDK recording spans, metrics and log records into its in-memory
 * exporters, installed as Cadre's telemetry for one test; closing it goes back to the default.
 */
public final class InMemoryTelemetry implements AutoCloseable {

  public final InMemorySpanExporter spans = InMemorySpanExporter.create();
  public final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  public final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  final OpenTelemetrySdk sdk;

  private InMemoryTelemetry(boolean recordingContent) {
    GlobalOpenTelemetry.resetForTest();
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .setLoggerProvider(
                SdkLoggerProvider.builder()
                    .addLogRecordProcessor(SimpleLogRecordProcessor.create(logs))
                    .build())
            .build();
    Telemetry.install(Telemetry.of(sdk).recordingContent(recordingContent));
  }

  /** A fresh SDK, installed as Cadre's telemetry without content. */
  static InMemoryTelemetry install() {
    return new InMemoryTelemetry(false);
  }

  /** A fresh SDK, installed as Cadre's telemetry recording the messages' content too. */
  public static InMemoryTelemetry installRecordingContent() {
    return new InMemoryTelemetry(true);
  }

  /** The finished spans named {@code name}, in the order they ended. */
  List<SpanData> named(String name) {
    return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
  }

  /** The one finished span named {@code name}; fails the test if there are none or several. */
  SpanData only(String name) {
    List<SpanData> named = named(name);
    assertThat(named).as("spans named '%s'", name).hasSize(1);
    return named.get(0);
  }

  /** The metric named {@code name} as collected now; fails the test if there is none. */
  MetricData metric(String name) {
    return metrics.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }

  /** Everything recorded so far (spans and log records), as text to search. */
  public String everythingRecorded() {
    StringBuilder text = new StringBuilder();
    spans.getFinishedSpanItems().forEach(span -> text.append(span).append('\n'));
    logs.getFinishedLogRecordItems().forEach(log -> text.append(log).append('\n'));
    return text.toString();
  }

  @Override
  public void close() {
    Telemetry.install(null);
    GlobalOpenTelemetry.resetForTest();
    sdk.close();
  }
}
