package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import dev.cadre.core.RuntimeEvent;
import dev.cadre.core.RuntimeListener;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An append-only JSON-lines log of what happens in a run: each team event (pass the log as a team's
 * listener) and each runtime event (add it with {@code runtime.addListener}), one JSON object per
 * line with the time it was seen, {@code {"at":<epoch ms>,"team":{...}}} or {@code
 * {"at":...,"runtime":{...}}}. Each line is handed to the file whole as it is written, so a
 * process that dies loses none of the lines before; a line it was writing when it died is left out
 * when the log is read back, and cut off when the log is opened again. A write that fails is cut
 * off at once, and the log then writes nothing more, so no line can follow a broken one. Text that
 * has no UTF-8 form (half of a surrogate pair, from a model cut off inside an emoji) is logged with
 * U+FFFD in its place. The events carry message content, so the log is off unless a log is
 * created.
 *
 * <p>{@link #replay} reads a log back in order, with the times of the log (the presentation
 * module's run report rebuilds a report from it that way).
 */
public final class EventLog implements Consumer<TeamEvent>, RuntimeListener, Closeable {

  private final Path file;
  private final Clock clock;
  private final FileChannel out; // guarded by this
  private IOException failed; // guarded by this: the write that broke the log

  private EventLog(Path file, Clock clock) throws IOException {
    this.file = file;
    this.clock = clock;
    cutTornLastLine(file);
    this.out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Opens {@code file} for appending, creating it if need be. */
  public static EventLog open(Path file) throws IOException {
    return open(file, Clock.systemUTC());
  }

  /** Opens {@code file} for appending, timing each event with {@code clock}. */
  public static EventLog open(Path file, Clock clock) throws IOException {
    return new EventLog(
        Objects.requireNonNull(file, "file"), Objects.requireNonNull(clock, "clock"));
  }

  /** Appends a team event. */
  @Override
  public void accept(TeamEvent event) {
    append("team", event);
  }

  /** Appends a runtime event. */
  @Override
  public void onEvent(RuntimeEvent event) {
    append("runtime", event);
  }

  private void append(String kind, Object event) {
    ObjectNode line = Json.object();
    line.put("at", clock.millis());
    line.set(kind, Json.mapper().valueToTree(event));
    // Json.write leaves no lone surrogate, so the line encodes whole, before anything is written.
    ByteBuffer bytes = ByteBuffer.wrap((Json.write(line) + "\n").getBytes(StandardCharsets.UTF_8));
    synchronized (this) {
      if (failed != null) {
        throw new UncheckedIOException(
            "the event log " + file + " writes nothing after its failed write", failed);
      }
      long end = -1;
      try {
        end = out.size();
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
      } catch (IOException e) {
        failed = e;
        cutBack(end, e);
        throw new UncheckedIOException("cannot append to the event log " + file, e);
      }
    }
  }

  /**
   * After a write failed part way (a full disk takes what fits), cuts the file back to {@code end},
   * where the line began, so the log never holds a torn line. Failing that, opening the log again
   * cuts it off.
   */
  private void cutBack(long end, IOException failure) {
    if (end < 0 || !out.isOpen()) {
      return;
    }
    try {
      if (out.size() > end) {
        out.truncate(end);
      }
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Cuts off a last line with no newline: a line whose writer died half way. Appending after it
   * would glue the next event onto it and make a line that is neither.
   */
  private static void cutTornLastLine(Path file) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      long keep = lineEnd(channel, size);
      if (keep < size) {
        channel.truncate(keep);
      }
    }
  }

  /** The length of {@code channel}'s content up to and including its last newline. */
  private static long lineEnd(FileChannel channel, long size) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(8192);
    long end = size;
    while (end > 0) {
      long start = Math.max(0, end - chunk.capacity());
      chunk.clear().limit((int) (end - start));
      while (chunk.hasRemaining() && channel.read(chunk, start + chunk.position()) >= 0) {}
      for (int i = (int) (end - start) - 1; i >= 0; i--) {
        if (chunk.get(i) == '\n') {
          return start + i + 1;
        }
      }
      end = start;
    }
    return 0;
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }

  /** What {@link #replay} hands over: each event with the time it was logged. */
  public interface Reader {
    /** A team event, logged at {@code at}. */
    default void team(Instant at, TeamEvent event) {}

    /** A runtime event, logged at {@code at}. */
    default void runtime(Instant at, RuntimeEvent event) {}
  }

  /**
   * Reads {@code file} from the start and hands each event to {@code reader}, in order. A last line
   * with no newline that is not an event (its writer died half way through it) is left out.
   *
   * @throws IOException if the file cannot be read, or a line is not an event; the message names
   *     the file and the line number
   */
  public static void replay(Path file, Reader reader) throws IOException {
    long complete;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      complete = lineEnd(channel, channel.size());
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text;
      String next = in.readLine();
      int number = 0;
      while ((text = next) != null) {
        next = in.readLine();
        number++;
        if (text.isBlank()) {
          continue;
        }
        boolean torn = next == null && Files.size(file) > complete;
        try {
          JsonNode line = Json.parse(text);
          Instant at = Instant.ofEpochMilli(line.path("at").asLong());
          if (line.has("team")) {
            reader.team(at, Json.mapper().treeToValue(line.get("team"), TeamEvent.class));
          } else if (line.has("runtime")) {
            reader.runtime(at, Json.mapper().treeToValue(line.get("runtime"), RuntimeEvent.class));
          } else {
            throw new IOException("neither \"team\" nor \"runtime\"");
          }
        } catch (IOException | RuntimeException e) {
          if (torn) {
            return;
          }
          throw new IOException(
              "line "
                  + number
                  + " of the event log "
                  + file
                  + " is not an event: "
                  + e.getMessage(),
              e);
        }
      }
    }
  }
}
