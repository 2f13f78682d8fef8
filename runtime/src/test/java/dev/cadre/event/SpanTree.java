package dev.cadre.event;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finished spans drawn as an indented tree of their names, children under their parents in the
 * order they started: what tests compare to show how spans nest. Shared with the Kafka runtime's
 * tests through the runtime's test jar.
 */
public final class SpanTree {

  private SpanTree() {}

  /** The tree of {@code spans}; a span whose parent is not among them is a root. */
  public static String of(Collection<SpanData> spans) {
    List<SpanData> all = new ArrayList<>(spans);
    all.sort((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()));
    Set<String> ids = all.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
    StringBuilder out = new StringBuilder();
    for (SpanData root : all) {
      if (!ids.contains(root.getParentSpanId())) {
        print(root, all, 0, out);
      }
    }
    return out.toString();
  }

  private static void print(SpanData span, List<SpanData> all, int depth, StringBuilder out) {
    out.append("  ".repeat(depth)).append(span.getName()).append('\n');
    for (SpanData child : all) {
      if (child.getParentSpanId().equals(span.getSpanId())) {
        print(child, all, depth + 1, out);
      }
    }
  }
}
