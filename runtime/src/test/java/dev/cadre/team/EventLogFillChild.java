package dev.cadre.team;

import dev.cadre.agent.AgentMessage;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A process that appends messages of {@code args[1]} characters to the event log {@code args[0]}
 * until a write fails, then says how many it wrote and why it stopped. Run under a file size limit
 * ({@code ulimit -f}), its last write is cut short by the operating system, as on a full disk.
 */
public final class EventLogFillChild {

  private EventLogFillChild() {}

  public static void main(String[] args) throws Exception {
    int size = Integer.parseInt(args[1]);
    int written = 0;
    try (EventLog log = EventLog.open(Path.of(args[0]))) {
      while (written < 1_000) {
        log.accept(new TeamEvent.Message(new AgentMessage.Text("coder", "x".repeat(size))));
        written++;
      }
      System.out.println("wrote " + written + " and no write failed");
    } catch (UncheckedIOException e) {
      System.out.println("wrote " + written + ", then: " + e.getMessage());
    }
  }
}
