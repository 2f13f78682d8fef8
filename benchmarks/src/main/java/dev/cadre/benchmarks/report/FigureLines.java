package dev.cadre.benchmarks.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * How the harnesses that run outside JMH ({@code ScaleRun}, {@code DistributedRun}) print their
 * figures: one line for a person, one JSON line for {@code run.sh}, which collects the lines that
 * start with {@code {"scenario":"<name>"}. Each map's first entry is its {@code scenario}.
 */
public final class FigureLines {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FigureLines() {}

  /** {@code <scenario>: name=value ...}, every figure but the scenario. */
  public static String readable(Map<String, Object> figures) {
    StringBuilder line = new StringBuilder().append(figures.get("scenario")).append(':');
    figures.forEach(
        (name, value) -> {
          if (!name.equals("scenario")) {
            line.append(' ').append(name).append('=').append(value);
          }
        });
    return line.toString();
  }

  /** The figures as one JSON object on one line. */
  public static String json(Map<String, Object> figures) {
    try {
      return JSON.writeValueAsString(figures);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the figures as JSON", e);
    }
  }
}
