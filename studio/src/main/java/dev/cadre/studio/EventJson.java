package dev.cadre.studio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.Question;
import dev.cadre.model.Prices;
import dev.cadre.team.ProgressLedger;
import dev.cadre.team.StopReason;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A run's events as the page reads them: one small JSON object each, with a {@code t} (kind) the
 * page switches on. Model text travels as JSON strings and the page only ever puts it in {@code
 * textContent}; nothing here is markup.
 */
final class EventJson {

  static final ObjectMapper JSON = new ObjectMapper();

  private final Prices prices;

  EventJson(Prices prices) {
    this.prices = prices;
  }

  /** The page's form of {@code event}, or null for what the page does not show. */
  Map<String, Object> of(TeamEvent event) {
    if (event instanceof TeamEvent.Message m) {
      return message(m.message());
    }
    if (event instanceof TeamEvent.SpeakersSelected s) {
      return map("t", "speakers", "speakers", s.speakers());
    }
    if (event instanceof TeamEvent.SelectionProblem p) {
      return map("t", "note", "text", "choosing the next speaker: " + p.problem());
    }
    if (event instanceof TeamEvent.Finished f) {
      return finished(f.result());
    }
    if (event instanceof TeamEvent.Activity a) {
      return activity(a.event());
    }
    if (event instanceof TeamEvent.TaskLedgerWritten t) {
      return map(
          "t", "plan",
          "facts", t.facts(),
          "plan", t.plan(),
          "replan", t.replan(),
          "reason", t.reason());
    }
    if (event instanceof TeamEvent.ProgressLedgerWritten p) {
      ProgressLedger ledger = p.ledger();
      return map(
          "t", "progress",
          "turn", p.turn(),
          "stalls", p.stalls(),
          "next", ledger.nextSpeaker().answer(),
          "instruction", ledger.instruction().answer(),
          "done", ledger.requestSatisfied().answer(),
          "stalled", ledger.stalled());
    }
    return null;
  }

  private Map<String, Object> activity(AgentEvent event) {
    if (event instanceof AgentEvent.TextChunk c) {
      return map("t", "chunk", "agent", c.source(), "text", c.text());
    }
    if (event instanceof AgentEvent.ToolCallsRequested r) {
      List<Map<String, Object>> calls = new ArrayList<>();
      for (ToolCall call : r.calls()) {
        calls.add(map("id", call.id(), "name", call.name(), "args", call.arguments()));
      }
      return map("t", "calls", "agent", r.source(), "calls", calls);
    }
    if (event instanceof AgentEvent.ToolCallsExecuted x) {
      List<Map<String, Object>> results = new ArrayList<>();
      for (ToolResult result : x.results()) {
        results.add(
            map(
                "id", result.callId(),
                "name", result.name(),
                "content", result.content(),
                "error", result.error()));
      }
      return map("t", "results", "agent", x.source(), "results", results);
    }
    if (event instanceof AgentEvent.ModelUsage u) {
      Map<String, Object> usage =
          map(
              "t", "usage",
              "agent", u.source(),
              "model", u.model(),
              "in", u.usage().inputTokens(),
              "out", u.usage().outputTokens());
      OptionalDouble cost =
          prices == null ? OptionalDouble.empty() : prices.cost(u.model(), u.usage());
      if (cost.isPresent()) {
        usage.put("cost", cost.getAsDouble());
      }
      return usage;
    }
    if (event instanceof AgentEvent.InputRequested q) {
      return map("t", "active", "agent", q.source());
    }
    if (event instanceof AgentEvent.ApprovalDecided d) {
      return map(
          "t",
          "note",
          "agent",
          d.source(),
          "text",
          "tool "
              + d.call().name()
              + (d.approved() ? " approved" : " refused")
              + (d.reason() == null || d.reason().isBlank() ? "" : ": " + d.reason()));
    }
    return null;
  }

  static Map<String, Object> message(AgentMessage message) {
    return map("t", "message", "agent", message.source(), "text", message.toText());
  }

  /** A question for the person: an answer in words ({@code input}) or approve/deny. */
  static Map<String, Object> question(Question question, boolean approval) {
    return map(
        "t", approval ? "approval" : "question",
        "id", question.id(),
        "agent", question.agent(),
        "prompt", question.prompt());
  }

  static Map<String, Object> finished(TaskResult result) {
    StopReason stop = result.stop();
    Map<String, Object> end = map("t", "finished", "stop", result.stopReason());
    end.put("tokens", result.usage() == null ? 0 : result.usage().totalTokens());
    if (stop != null && stop.kind() == StopReason.Kind.FAILED) {
      end.put("failed", stop.source() + ": " + stop.text());
    }
    if (result.waiting() != null) {
      end.put("paused", true);
    }
    return end;
  }

  static Map<String, Object> status(String status, String text) {
    // When, on the server's clock: the page measures how far its drawing trails the run.
    return map("t", "status", "status", status, "text", text, "at", System.currentTimeMillis());
  }

  static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }

  static Map<String, Object> map(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }

  static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
