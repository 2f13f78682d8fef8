package dev.cadre.team;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.tool.ToolResult;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * The built-in conditions that fire on one thing a check sees: a message's text, kind or source, a
 * handoff, a tool's execution, a predicate. Each is made by its {@link Terminations} factory, which
 * documents it.
 */
final class MessageConditions {

  private MessageConditions() {}

  static final class TextMention extends BuiltInCondition {
    private final String text;
    private final List<String> sources;

    TextMention(String text, List<String> sources) {
      this.text = text;
      this.sources = sources;
    }

    @Override
    String evaluate(List<AgentMessage> messages, List<AgentEvent> events) {
      for (AgentMessage message : messages) {
        if ((sources.isEmpty() || sources.contains(message.source()))
            && message.content().contains(text)) {
          return String.format(Terminations.TEXT_MENTION_TEXT, text);
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return sources.isEmpty()
          ? "textMention(" + quote(text) + ")"
          : "textMention(" + quote(text) + ", " + quoteAll(sources) + ")";
    }
  }

  static final class StopMessage extends BuiltInCondition {
    private final String stopWord;

    StopMessage(String stopWord) {
      this.stopWord = stopWord;
    }

    @Override
    String evaluate(List<AgentMessage> messages, List<AgentEvent> events) {
      for (AgentMessage message : messages) {
        if (message instanceof AgentMessage.Text && message.content().strip().equals(stopWord)) {
          return Terminations.STOP_MESSAGE_TEXT;
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return Terminations.DEFAULT_STOP_WORD.equals(stopWord)
          ? "stopMessage()"
          : "stopMessage(" + quote(stopWord) + ")";
    }
  }

  static final class TextMessage extends BuiltInCondition {
    private final List<String> sources;

    TextMessage(List<String> sources) {
      this.sources = sources;
    }

    @Override
    String evaluate(List<AgentMessage> messages, List<AgentEvent> events) {
      for (AgentMessage message : messages) {
        if (message instanceof AgentMessage.Text
            && (sources.isEmpty() || sources.contains(message.source()))) {
          return String.format(Terminations.TEXT_MESSAGE_TEXT, message.source());
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return "textMessage(" + quoteAll(sources) + ")";
    }
  }

  static final class SourceMatch extends BuiltInCondition {
    private final List<String> sources;

    SourceMatch(List<String> sources) {
      this.sources = sources;
    }

    @Override
    String evaluate(List<AgentMessage> messages, List<AgentEvent> events) {
      for (AgentMessage message : messages) {
        if (sources.contains(message.source())) {
          return String.format(Terminations.SOURCE_MATCH_TEXT, message.source());
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return "sourceMatch(" + quoteAll(sources) + ")";
    }
  }

  static final class HandoffTo extends BuiltInCondition {
    private final String target;

    HandoffTo(String target) {
      this.target = target;
    }

    @Override
    String evaluate(List<AgentMessage> messages, List<AgentEvent> events) {
      for (AgentMessage message : messages) {
        if (message instanceof AgentMessage.Handoff
            && ((AgentMessage.Handoff) message).target().equals(target)) {
          return String.format(Terminations.HANDOFF_TEXT, target, message.source());
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return "handoff(" + quote(target) + ")";
    }
  }

  static final class FunctionCall extends BuiltInCondition {
    private final String functionName;

    FunctionCall(String functionName) {
      this.functionName = functionName;
    }

    @Override
    String evaluate(List<AgentMessage> messages, List<AgentEvent> events) {
      for (AgentEvent event : events) {
        if (event instanceof AgentEvent.ToolCallsExecuted) {
          for (ToolResult result : ((AgentEvent.ToolCallsExecuted) event).results()) {
            if (!result.error() && result.name().equals(functionName)) {
              return String.format(Terminations.FUNCTION_CALL_TEXT, functionName);
            }
          }
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return "functionCall(" + quote(functionName) + ")";
    }
  }

  static final class When extends BuiltInCondition {
    private final String description;
    private final BiPredicate<List<AgentMessage>, List<AgentEvent>> predicate;

    When(String description, BiPredicate<List<AgentMessage>, List<AgentEvent>> predicate) {
      this.description = description;
      this.predicate = predicate;
    }

    @Override
    String evaluate(List<AgentMessage> messages, List<AgentEvent> events) {
      boolean holds;
      try {
        holds = predicate.test(messages, events);
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "termination condition " + this + " threw " + e + "; fix its predicate", e);
      }
      return holds ? description : null;
    }

    @Override
    public String toString() {
      return "when(" + quote(description) + ")";
    }
  }
}
