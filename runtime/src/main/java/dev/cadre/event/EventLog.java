package dev.cadre.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import dev.cadre.core.RuntimeEvent;
import dev.cadre.core.RuntimeListener;
import dev.cadre.team.TeamEvent;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A JSON-lines log of a run's events: every {@link TeamEvent} (as a team's listener) and every
 * {@link RuntimeEvent} (as a runtime's listener), one JSON object a line, each with the time it was
 * logged: {@code {"at":1764086400000,"team":{"type":"message",...}}} or {@code
 * {"at":...,"runtime":{"type":"agent_failed",...}}}.
 *
 * <p>The log holds what a {@link RunReport} needs: {@link #read(Path)} it back and {@link
 * #report(List, RunReport.Builder)} rebuilds the report, timeline included. Each line is flushed as
 * it is written, so a crashed run leaves the log up to its last event. A write that fails does not
 * stop the run: the first failure is kept and thrown by {@link #close()}.
 *
 * <p>The log holds message content (it is the run's transcript): keep it where the conversation
 * itself may be kept. It never holds API keys, which no event carries.
 */
public final class EventLog implements Consumer<TeamEvent>, RuntimeListener, Closeable {

  private static final ObjectMapper MAPPER = Json.mapper();
  private static final ObjectWriter LINE = MAPPER.writer();

  private final Writer out;
  private final Clock clock;
  private IOException failure; // guarded by this

  private EventLog(Writer out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  /** A log appended to {@code file} (created if missing), in UTF-8, timed by the system clock. */
  public static EventLog open(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    return new EventLog(
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
        Clock.systemUTC());
  }

  /** A log written to {@code out}, timed by {@code clock}; {@link #close()} closes {@code out}. */
  public static EventLog to(Writer out, Clock clock) {
    return new EventLog(Objects.requireNonNull(out, "out"), Objects.requireNonNull(clock, "clock"));
  }

  /** Logs a team event. */
  @Override
  public void accept(TeamEvent event) {
    write("team", MAPPER.valueToTree(Objects.requireNonNull(event, "event")));
  }

  /** Logs a runtime event (a failure nobody else saw, a dropped message). */
  @Override
  public void onEvent(RuntimeEvent event) {
    write("runtime", MAPPER.valueToTree(Objects.requireNonNull(event, "event")));
  }

  private synchronized void write(String kind, JsonNode event) {
    if (failure != null) {
      return;
    }
    ObjectNode line = Json.object();
    line.put("at", clock.millis());
    line.set(kind, event);
    try {
      out.write(LINE.writeValueAsString(line));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      failure = e;
    }
  }

  /**
   * Closes the log.
   *
   * @throws IOException the first write that failed, if any did, or the failure to close
   */
  @Override
  public synchronized void close() throws IOException {
    out.close();
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * One line of a log: when it was logged, and its event, a team's or the runtime's (the other is
   * null).
   *
   * @param at epoch milliseconds
   * @param team the team event, or null
   * @param runtime the runtime event, or null
   */
  public record Entry(long at, TeamEvent team, RuntimeEvent runtime) {}

  /**
   * Reads a log that {@link #open} wrote.
   *
   * @throws IOException when the file cannot be read, or a line is not an event (the message names
   *     the file and the line)
   */
  public static List<Entry> read(Path file) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int number = 0;
      for (String line; (line = in.readLine()) != null; ) {
        number++;
        if (!line.isBlank()) {
          entries.add(entry(line, file, number));
        }
      }
    }
    return List.copyOf(entries);
  }

  private static Entry entry(String line, Path file, int number) throws IOException {
    try {
      JsonNode node = Json.parse(line);
      JsonNode at = node.get("at");
      if (at == null || !at.canConvertToLong()) {
        throw new IOException("no \"at\" time");
      }
      if (node.hasNonNull("team")) {
        return new Entry(at.asLong(), MAPPER.treeToValue(node.get("team"), TeamEvent.class), null);
      }
      if (node.hasNonNull("runtime")) {
        return new Entry(
            at.asLong(), null, MAPPER.treeToValue(node.get("runtime"), RuntimeEvent.class));
      }
      throw new IOException("neither a \"team\" nor a \"runtime\" event");
    } catch (IOException e) {
      throw new IOException(
          "event log "
              + file
              + ", line "
              + number
              + ": "
              + e.getMessage()
              + "; each line must be an event as EventLog writes it",
          e);
    }
  }

  /** Rebuilds the report of a run from its log's entries, each team event at its logged time. */
  public static RunReport report(List<Entry> entries, RunReport.Builder report) {
    RunReport built = report.build();
    for (Entry entry : entries) {
      if (entry.team() != null) {
        built.accept(entry.team(), entry.at());
      }
    }
    return built;
  }
}
