package dev.cadre.studio;

import dev.cadre.agent.HumanInbox;
import dev.cadre.present.RunReport;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One run the studio watches: the page's events so far (each a JSON line, numbered from 1, so that
 * an event stream that reconnects with {@code Last-Event-ID} misses nothing and repeats nothing),
 * the inbox where its tool approvals wait, the report of what was seen, and how to cancel it.
 */
final class LiveRun implements Consumer<TeamEvent> {

  private final String id;
  private final String team;
  private final boolean durable;
  private final EventJson json;
  private final HumanInbox inbox;
  private final RunReport report;
  private final String diagram; // the team's Mermaid diagram, or null
  private final List<String> events = new ArrayList<>(); // guarded by this
  private String status = "running"; // guarded by this
  private boolean ended; // guarded by this: no event follows
  private Team running; // guarded by this: the team while it runs, to cancel
  private Thread thread; // guarded by this: the thread of a run that is not durable
  private boolean cancelled; // guarded by this

  LiveRun(
      String id, String team, boolean durable, EventJson json, RunReport report, String diagram) {
    this.id = id;
    this.diagram = diagram;
    this.team = team;
    this.durable = durable;
    this.json = json;
    this.report = report;
    this.inbox = new HumanInbox(question -> add(EventJson.question(question, true)));
  }

  String id() {
    return id;
  }

  String team() {
    return team;
  }

  boolean durable() {
    return durable;
  }

  HumanInbox inbox() {
    return inbox;
  }

  RunReport report() {
    return report;
  }

  /** The team's Mermaid diagram, or null when it has none. */
  String diagram() {
    return diagram;
  }

  @Override
  public void accept(TeamEvent event) {
    report.accept(event);
    Map<String, Object> shown = json.of(event);
    if (shown != null) {
      add(shown);
    }
  }

  /** Adds an event for the page, and wakes the streams waiting for one. */
  synchronized void add(Map<String, Object> event) {
    events.add(EventJson.write(event));
    notifyAll();
  }

  /** The run's state now: running, paused, finished, failed or cancelled; {@code end} if final. */
  synchronized void status(String status, String text, boolean end) {
    this.status = status;
    this.ended = end;
    events.add(EventJson.write(EventJson.status(status, text)));
    notifyAll();
  }

  synchronized String status() {
    return status;
  }

  synchronized void running(Team team, Thread thread) {
    this.running = team;
    this.thread = thread;
    if (cancelled) {
      cancelNow();
    }
  }

  /**
   * Cancels the run: its team's model calls and tools stop, and any question it asks is dropped.
   */
  synchronized boolean cancel() {
    if (ended) {
      return false;
    }
    cancelled = true;
    cancelNow();
    return true;
  }

  synchronized boolean cancelled() {
    return cancelled;
  }

  private void cancelNow() {
    if (running != null) {
      running.cancel();
    } else if (thread != null) {
      thread.interrupt();
    }
  }

  /**
   * The events after number {@code after}, waiting up to {@code waitMillis} for one; empty when
   * none came. {@link #ended()} says whether more can come.
   */
  synchronized List<String> after(int after, long waitMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + waitMillis;
    while (events.size() <= after && !ended) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return List.of();
      }
      wait(left);
    }
    return events.size() <= after ? List.of() : List.copyOf(events.subList(after, events.size()));
  }

  synchronized boolean ended() {
    return ended;
  }
}
