package dev.cadre.present;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.core.Json;
import dev.cadre.model.Cost;
import dev.cadre.model.Prices;
import dev.cadre.model.Usage;
import dev.cadre.team.ModelSelector;
import dev.cadre.team.TeamEvent;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link RunReport} recorded of a run, in the order it happened: notes (the task, the team's
 * choices and problems), a Magentic-One orchestrator's ledgers, and each agent's turns with the
 * work done in them. The report's writers draw these; only the report changes them.
 */
sealed interface ReportEntry permits ReportEntry.Note, ReportEntry.Ledger, ReportEntry.Turn {

  /** The lane of a {@link ModelSelector}'s model calls. */
  String SELECTOR = ModelSelector.USAGE_SOURCE;

  /** A line of the transcript: the user's task ({@code task}), a choice or a problem. */
  record Note(long at, String kind, String agent, String text) implements ReportEntry {}

  /** A Magentic-One orchestrator's task or progress ledger, as its event gave it. */
  record Ledger(long at, TeamEvent event) implements ReportEntry {}

  /** A piece of a turn's work: a tool call or result, reasoning, a recall, a question. */
  record Item(long at, String kind, String title, String body, boolean error) {}

  /** An agent's entry, from when it was chosen (or first reported work) to its message. */
  final class Turn implements ReportEntry {
    final String agent;
    final long start;
    long end = -1;
    Usage usage = Usage.ZERO;
    Cost cost = Cost.ZERO;
    int toolCalls;
    final List<Item> items = new ArrayList<>();
    final StringBuilder streamed = new StringBuilder();
    AgentMessage message;
    // The selector's whole reply, when it streams: what it answered when asked who speaks next.
    String reply;
    // The run failed while this turn was under way.
    boolean failed;
    // The agent that hosts this inner team member's work, once its message came as an inner one.
    String within;
    // Given when the report is drawn (number).
    String id;
    String label;

    Turn(String agent, long start) {
      this.agent = agent;
      this.start = start;
    }

    /** Whether this is the selector choosing who speaks next rather than an agent's turn. */
    boolean selection() {
      return agent.equals(SELECTOR);
    }

    /** When the turn ended, or {@code fallback} while it is under way. */
    long endOr(long fallback) {
      return end < 0 ? fallback : end;
    }

    /**
     * Adds what {@code event} shows of the agent's work at {@code now}; with {@code prices}, its
     * model usage adds to the turn's cost.
     */
    void add(AgentEvent event, long now, Prices prices) {
      if (event instanceof AgentEvent.TextChunk chunk) {
        streamed.append(chunk.text());
      } else if (event instanceof AgentEvent.ToolCallsRequested requested) {
        toolCalls += requested.calls().size();
        for (ToolCall call : requested.calls()) {
          items.add(
              new Item(
                  now,
                  "tool-call",
                  "→ " + call.name() + " (" + call.id() + ")",
                  pretty(call.arguments()),
                  false));
        }
      } else if (event instanceof AgentEvent.ToolCallsExecuted executed) {
        for (ToolResult r : executed.results()) {
          items.add(
              new Item(
                  now,
                  "tool-result",
                  "← " + r.name() + (r.error() ? " failed" : "") + " (" + r.callId() + ")",
                  r.content(),
                  r.error()));
        }
      } else if (event instanceof AgentEvent.Reasoned reasoned) {
        items.add(new Item(now, "reasoning", "reasoning", reasoned.text(), false));
      } else if (event instanceof AgentEvent.ModelUsage used) {
        usage = usage.plus(used.usage());
        if (prices != null) {
          cost = cost.plus(Cost.of(prices, used.model(), used.usage()));
        }
      } else if (event instanceof AgentEvent.MemoryQueried memory) {
        StringBuilder body = new StringBuilder();
        memory.results().forEach(r -> body.append(r).append('\n'));
        items.add(
            new Item(
                now,
                "memory",
                "recalled " + memory.results().size() + " from " + memory.memory(),
                body.toString(),
                false));
      } else if (event instanceof AgentEvent.InputRequested input) {
        items.add(new Item(now, "input", "asks a person", input.prompt(), false));
      } else if (event instanceof AgentEvent.InnerMessage inner) {
        items.add(
            new Item(
                now,
                "inner",
                "inner message from " + inner.message().source(),
                inner.message().toText(),
                false));
      } else if (event instanceof AgentEvent.ApprovalRequested approval) {
        items.add(
            new Item(
                now,
                "approval",
                "asks approval for " + approval.call().name(),
                pretty(approval.call().arguments()),
                false));
      } else if (event instanceof AgentEvent.ApprovalDecided decided) {
        items.add(
            new Item(
                now,
                "approval",
                decided.call().name() + (decided.approved() ? " approved" : " refused"),
                decided.reason() == null ? "" : decided.reason(),
                !decided.approved()));
      }
    }

    /**
     * Gives each turn its id and label: an agent's answered turns are numbered as the tally counts
     * them (the team's turns), the selector's model calls apart, and work that answered the team
     * nothing (an inner team's member, a turn cut short) apart again.
     */
    static void number(List<Turn> all) {
      int turns = 0;
      int calls = 0;
      int work = 0;
      for (Turn turn : all) {
        if (turn.selection()) {
          turn.id = "selection-" + ++calls;
          turn.label = "choosing who speaks next (call " + calls + ")";
        } else if (turn.message != null) {
          turn.id = "turn-" + ++turns;
          turn.label = "turn " + turns;
        } else {
          turn.id = "work-" + ++work;
          turn.label =
              turn.within != null
                  ? "work inside " + turn.within
                  : turn.end < 0 && !turn.failed ? "unfinished" : "no answer";
        }
      }
    }

    private static String pretty(String json) {
      if (json == null || json.isBlank()) {
        return "";
      }
      try {
        return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(Json.parse(json));
      } catch (RuntimeException | IOException e) {
        // Models do send broken arguments: show them as they came.
        return json;
      }
    }
  }
}
