package dev.cadre.test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.Cost;
import dev.cadre.model.Prices;
import dev.cadre.team.StopReason;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import dev.cadre.tool.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a team run's {@link TaskResult}: who spoke, the tools called, what an
 * agent's model saw, why it stopped, what it used and cost, its structured answer. A failure says
 * what was expected and what happened, then prints the transcript around where it went wrong. Start
 * with {@link CadreAssertions#assertThat(TaskResult)}.
 */
public final class TaskResultAssert extends AbstractAssert<TaskResultAssert, TaskResult> {

  private final List<TeamEvent> events;

  TaskResultAssert(TaskResult actual, List<TeamEvent> events) {
    super(actual, TaskResultAssert.class);
    this.events = events;
  }

  /**
   * The agents spoke in exactly this order: the sources of the run's messages, leaving out the task
   * and any other message from {@code user}.
   */
  public TaskResultAssert hasSpeakers(String... agents) {
    isNotNull();
    List<String> expected = List.of(agents);
    List<String> spoke = new ArrayList<>();
    List<Integer> where = new ArrayList<>();
    List<TeamEvent> timeline = actual.timeline();
    for (int i = 0; i < timeline.size(); i++) {
      if (timeline.get(i) instanceof TeamEvent.Message m && !m.message().source().equals("user")) {
        spoke.add(m.message().source());
        where.add(i);
      }
    }
    if (!spoke.equals(expected)) {
      int first = 0;
      while (first < spoke.size()
          && first < expected.size()
          && spoke.get(first).equals(expected.get(first))) {
        first++;
      }
      int index = first < where.size() ? where.get(first) : -1;
      failWithMessage(
          "expected the speakers %s%nbut they were %s; the first difference is speaker %d (expected"
              + " %s, was %s)%n%s",
          expected,
          spoke,
          first + 1,
          first < expected.size() ? expected.get(first) : "nobody",
          first < spoke.size() ? spoke.get(first) : "nobody",
          Transcripts.around(actual, index));
    }
    return this;
  }

  /**
   * Tool {@code tool} was called exactly once with these arguments (JSON, compared as JSON, so
   * spacing and field order do not matter), by any agent.
   */
  public TaskResultAssert calledToolOnce(String tool, String argumentsJson) {
    isNotNull();
    JsonNode expected = parse(argumentsJson, "the expected arguments");
    List<Integer> matching = new ArrayList<>();
    List<String> calls = new ArrayList<>();
    int lastCall = -1;
    List<TeamEvent> timeline = actual.timeline();
    for (int i = 0; i < timeline.size(); i++) {
      if (timeline.get(i) instanceof TeamEvent.Activity a
          && a.event() instanceof AgentEvent.ToolCallsRequested requested) {
        for (ToolCall call : requested.calls()) {
          if (call.name().equals(tool)) {
            lastCall = i;
            calls.add(Transcripts.clean(call.arguments()));
            if (expected.equals(parseOrNull(call.arguments()))) {
              matching.add(i);
            }
          }
        }
      }
    }
    if (matching.size() != 1) {
      int index = matching.size() > 1 ? matching.get(1) : lastCall;
      failWithMessage(
          "expected one call of tool %s with %s%nbut %s%n%s",
          tool,
          expected,
          calls.isEmpty()
              ? "it was never called"
              : "there were "
                  + matching.size()
                  + " such calls among its "
                  + calls.size()
                  + " call(s): "
                  + calls,
          Transcripts.around(actual, index));
    }
    return this;
  }

  /**
   * The agent whose model received {@code requests} never saw {@code text}: no message of any of
   * its requests holds it. The requests come from its cassette track ({@link
   * Cassette#requests(String)}), or any recording model.
   */
  public TaskResultAssert agentNeverSaw(String agent, List<ChatRequest> requests, String text) {
    isNotNull();
    Objects.requireNonNull(text, "text");
    for (int r = 0; r < requests.size(); r++) {
      List<ChatMessage> messages = requests.get(r).messages();
      for (int m = 0; m < messages.size(); m++) {
        String json = Json.write(messages.get(m));
        if (json.contains(text) || json.contains(Json.write(text).replaceAll("^\"|\"$", ""))) {
          failWithMessage(
              "expected agent %s never to see \"%s\"%nbut its model request %d of %d held it in"
                  + " message %d: %s%n%s",
              agent,
              Transcripts.clean(text),
              r + 1,
              requests.size(),
              m + 1,
              Transcripts.clean(json),
              Transcripts.around(actual, firstHolding(text)));
        }
      }
    }
    return this;
  }

  private int firstHolding(String text) {
    List<TeamEvent> timeline = actual.timeline();
    for (int i = 0; i < timeline.size(); i++) {
      if (Json.write(timeline.get(i)).contains(text)) {
        return i;
      }
    }
    return -1;
  }

  /** The run stopped for this kind of reason. */
  public TaskResultAssert stoppedBy(StopReason.Kind kind) {
    isNotNull();
    if (actual.stop().kind() != kind) {
      failWithMessage(
          "expected the run to stop by %s%nbut it stopped by %s: %s%n%s",
          kind,
          actual.stop().kind(),
          Transcripts.clean(actual.stopReason()),
          Transcripts.around(actual, -1));
    }
    return this;
  }

  /** The run's stop reason is exactly this text, such as {@code Text 'DONE' mentioned}. */
  public TaskResultAssert hasStopReason(String text) {
    isNotNull();
    if (!actual.stopReason().equals(text)) {
      failWithMessage(
          "expected the stop reason \"%s\"%nbut it was \"%s\"%n%s",
          text, Transcripts.clean(actual.stopReason()), Transcripts.around(actual, -1));
    }
    return this;
  }

  /** The run used at most {@code limit} tokens, input and output together. */
  public TaskResultAssert usedAtMostTokens(long limit) {
    isNotNull();
    long used = actual.usage().totalTokens();
    if (used > limit) {
      failWithMessage(
          "expected at most %d tokens%nbut the run used %d (%s)%n%s",
          limit, used, actual.usage(), Transcripts.around(actual, -1));
    }
    return this;
  }

  /**
   * The run's model calls cost at most {@code limit} by {@code prices}; a call of a model the table
   * has no price for fails the assertion, since its cost is unknown. Needs the run's events ({@link
   * CadreAssertions#assertThat(RunCapture)}), where each call's model and usage are.
   */
  public TaskResultAssert costAtMost(Prices prices, double limit) {
    isNotNull();
    if (events == null) {
      failWithMessage(
          "a cost needs each model call's usage, which a TaskResult does not keep: capture the run"
              + " with RunCapture and assert on that");
    }
    Cost cost = RunCosts.of(events, prices);
    List<String> unpriced = RunCosts.unpriced(events, prices);
    if (!unpriced.isEmpty()) {
      failWithMessage(
          "expected a cost of at most %s%nbut calls of models with no price were made: %s",
          String.format(Locale.ROOT, "%.4f", limit), unpriced);
    }
    if (cost.amount() > limit) {
      failWithMessage(
          "expected a cost of at most %s%nbut the run cost %s (%s)%n%s",
          String.format(Locale.ROOT, "%.4f", limit),
          cost.shown(),
          actual.usage(),
          Transcripts.around(actual, -1));
    }
    return this;
  }

  /**
   * The run's last message is a structured answer equal to {@code expected}, a record (or any value
   * Jackson maps), read from the answer's JSON into {@code expected}'s class.
   */
  public TaskResultAssert hasStructuredAnswer(Object expected) {
    isNotNull();
    Objects.requireNonNull(expected, "expected");
    int last = actual.timeline().size() - 1;
    if (actual.messages().isEmpty()
        || !(actual.lastMessage() instanceof AgentMessage.Structured structured)) {
      failWithMessage(
          "expected a structured answer equal to %s%nbut the last message is %s%n%s",
          expected,
          actual.messages().isEmpty() ? "missing" : "not structured",
          Transcripts.around(actual, last));
      return this;
    }
    Object answer;
    try {
      answer = Json.mapper().treeToValue(structured.value(), expected.getClass());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      failWithMessage(
          "expected a structured answer equal to %s%nbut the answer %s does not read as a %s:"
              + " %s%n%s",
          expected,
          Transcripts.clean(structured.value().toString()),
          expected.getClass().getSimpleName(),
          e.getMessage(),
          Transcripts.around(actual, last));
      return this;
    }
    if (!expected.equals(answer)) {
      failWithMessage(
          "expected a structured answer equal to%n  %s%nbut it was%n  %s%n%s",
          expected, answer, Transcripts.around(actual, last));
    }
    return this;
  }

  private static JsonNode parse(String json, String what) {
    try {
      return Json.parse(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " are not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static JsonNode parseOrNull(String json) {
    try {
      return Json.parse(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
