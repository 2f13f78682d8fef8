package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.core.CancellationToken;
import dev.cadre.model.ChatMessage;
import dev.cadre.event.Telemetry;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model chooses the next speaker from the participants' names and descriptions and the
 * conversation so far (AutoGen's selector group chat).
 *
 * <p>Each turn:
 *
 * <ol>
 *   <li>The {@linkplain Builder#selectorFunction selector function}, when there is one, may choose
 *       any participant outright; null leaves the choice to the model.
 *   <li>The candidates are the participants the {@linkplain Builder#candidateFilter candidate
 *       filter} allows (everyone without one), less whoever spoke last unless {@linkplain
 *       Builder#allowRepeatedSpeaker repeats are allowed} or they are the only candidate left.
 *   <li>A single candidate speaks without asking the model.
 *   <li>Otherwise the model reads the prompt and its reply must name exactly one candidate (whole
 *       word, any case; {@code code_reviewer} may also be written {@code code reviewer}). A reply
 *       that names none, several, or someone who may not speak now is reported as a {@link
 *       TeamEvent.SelectionProblem} and answered with a correction, up to {@code maxAttempts}
 *       calls; after the last the {@linkplain Builder#fallback fallback} speaks. So every turn ends
 *       in a choice after a bounded number of model calls.
 * </ol>
 *
 * <p>The prompt goes to the model as one user message (every provider accepts that; some reject a
 * request of a system message alone). Each model call's usage is reported as a {@link
 * TeamEvent.Activity} of {@link AgentEvent.ModelUsage} from {@code selector}, so it counts in the
 * run's usage. A {@link dev.cadre.model.ModelException} is not retried here (the model client
 * already retries what can be retried): it ends the run with a failed result.
 *
 * <p>Immutable and stateless: one instance may serve several teams.
 */
public final class ModelSelector implements SpeakerSelector {

  /** The prompt used unless {@link Builder#promptTemplate} says otherwise. */
  public static final String DEFAULT_PROMPT =
      "You are choosing who speaks next in a team conversation. These are the roles you may"
          + " choose from:\n"
          + "{roles}\n\n"
          + "Read the conversation below, then choose the next role from {participants}."
          + " Answer with the role's name only.\n\n"
          + "{history}\n\n"
          + "Read the conversation above, then choose the next role from {participants}."
          + " Answer with the role's name only.";

  /** The name the selector's model usage is reported under. */
  public static final String USAGE_SOURCE = "selector";

  private static final Set<String> PLACEHOLDERS = Set.of("roles", "participants", "history");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)\\}");
  // Participant names may hold letters, digits, '_' and '-': a mention must not touch any of them.
  private static final String NAME_CHAR = "[\\p{L}\\p{N}_-]";
  private static final int QUOTE_LIMIT = 200;

  private final ChatModel model;
  private final String template;
  private final Function<Conversation, List<String>> candidateFilter;
  private final Function<Conversation, String> selectorFunction;
  private final Function<Conversation, String> fallback;
  private final boolean allowRepeatedSpeaker;
  private final int maxAttempts;

  private ModelSelector(Builder b) {
    this.model = Telemetry.observe(b.model);
    this.template = b.template;
    this.candidateFilter = b.candidateFilter;
    this.selectorFunction = b.selectorFunction;
    this.fallback = b.fallback;
    this.allowRepeatedSpeaker = b.allowRepeatedSpeaker;
    this.maxAttempts = b.maxAttempts;
  }

  /** Starts a selector that asks {@code model}. */
  public static Builder builder(ChatModel model) {
    return new Builder(model);
  }

  @Override
  public List<String> next(
      Conversation conversation, CancellationToken cancellation, Consumer<TeamEvent> events) {
    Objects.requireNonNull(cancellation, "cancellation");
    if (selectorFunction != null) {
      String chosen = selectorFunction.apply(conversation);
      if (chosen != null) {
        if (conversation.participant(chosen) != null) {
          return List.of(chosen);
        }
        // Attempt 0: this precedes the model's attempts, which count from 1.
        events.accept(
            new TeamEvent.SelectionProblem(
                "the selector function chose '"
                    + chosen
                    + "', who is not in the team ("
                    + names(conversation.participants())
                    + "); asking the model instead",
                0,
                null));
      }
    }
    Candidates candidates = candidates(conversation);
    if (candidates.allowed.size() == 1) {
      return List.of(candidates.allowed.get(0).name());
    }
    return List.of(ask(conversation, candidates, cancellation, events));
  }

  /** Nothing of its own to save: {@code {"selector": "model"}}. */
  @Override
  public JsonNode saveState() {
    return SpeakerSelector.stateDocument("model");
  }

  /** Checks the document is a model selector's; there is nothing to load. */
  @Override
  public void loadState(JsonNode state) {
    SpeakerSelector.openState(state, "model");
  }

  @Override
  public String toString() {
    return "selector";
  }

  /** Who may speak this turn, in declared order, and why the others may not. */
  private static final class Candidates {
    final List<Conversation.Participant> allowed = new ArrayList<>();
    final Set<String> filteredOut = new LinkedHashSet<>();
    final Set<String> repeated = new LinkedHashSet<>();
  }

  private Candidates candidates(Conversation conversation) {
    Candidates result = new Candidates();
    List<String> filter = candidateFilter == null ? null : candidateFilter.apply(conversation);
    if (filter != null) {
      for (String name : filter) {
        if (conversation.participant(name) == null) {
          throw new IllegalStateException(
              "the candidate filter of the selector returned '"
                  + name
                  + "', who is not in the team ("
                  + names(conversation.participants())
                  + "); return participants' names only");
        }
      }
    }
    List<Conversation.Participant> filtered = new ArrayList<>();
    for (Conversation.Participant participant : conversation.participants()) {
      if (filter == null || filter.isEmpty() || filter.contains(participant.name())) {
        filtered.add(participant);
      } else {
        result.filteredOut.add(participant.name());
      }
    }
    for (Conversation.Participant participant : filtered) {
      if (!allowRepeatedSpeaker && conversation.lastSpeakers().contains(participant.name())) {
        result.repeated.add(participant.name());
      } else {
        result.allowed.add(participant);
      }
    }
    if (result.allowed.isEmpty()) {
      // Only the last speaker is left: better it speaks again than nobody.
      result.allowed.addAll(filtered);
      result.repeated.clear();
    }
    return result;
  }

  private String ask(
      Conversation conversation,
      Candidates candidates,
      CancellationToken cancellation,
      Consumer<TeamEvent> events) {
    String candidateNames = names(candidates.allowed);
    List<ChatMessage> messages = new ArrayList<>();
    messages.add(ChatMessage.user(render(conversation, candidates.allowed)));
    for (int attempt = 1; ; attempt++) {
      cancellation.throwIfCancelled();
      ChatResponse reply =
          model.chat(ChatRequest.builder().messages(messages).build(), cancellation);
      events.accept(
          new TeamEvent.Activity(
              new AgentEvent.ModelUsage(USAGE_SOURCE, reply.model(), reply.usage())));
      String text = reply.text() == null ? "" : reply.text();
      Parsed parsed = parse(text, conversation, candidates);
      if (parsed.chosen != null) {
        return parsed.chosen;
      }
      if (attempt >= maxAttempts) {
        String chosen = fallback(conversation, candidates);
        events.accept(new TeamEvent.SelectionProblem(parsed.problem, attempt, chosen));
        return chosen;
      }
      events.accept(new TeamEvent.SelectionProblem(parsed.problem, attempt, null));
      messages.add(new ChatMessage.Assistant(text, List.of(), null));
      messages.add(
          ChatMessage.user(
              "That answer cannot be used: "
                  + parsed.problem
                  + ". Choose the next role from "
                  + candidateNames
                  + " and answer with the role's name only."));
    }
  }

  private record Parsed(String chosen, String problem) {}

  private static Parsed parse(String reply, Conversation conversation, Candidates candidates) {
    List<String> named = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    for (Conversation.Participant participant : conversation.participants()) {
      if (!mentions(reply, participant.name())) {
        continue;
      }
      if (candidates.allowed.contains(participant)) {
        named.add(participant.name());
      } else {
        excluded.add(participant.name());
      }
    }
    if (named.size() == 1) {
      return new Parsed(named.get(0), null);
    }
    if (named.size() > 1) {
      return new Parsed(
          null,
          "the reply names several candidates ("
              + String.join(", ", named)
              + ") where exactly one is needed");
    }
    if (!excluded.isEmpty()) {
      String name = excluded.get(0);
      String why =
          candidates.filteredOut.contains(name)
              ? "the candidate filter leaves it out this turn"
              : "it spoke last and may not speak twice in a row";
      return new Parsed(null, "the reply names '" + name + "', who may not speak now: " + why);
    }
    return new Parsed(
        null,
        "the reply "
            + quote(reply)
            + " names none of the candidates ("
            + names(candidates.allowed)
            + ")");
  }

  /** Whether {@code text} mentions {@code name} as a whole word, in any case. */
  static boolean mentions(String text, String name) {
    String spaced = name.replace('_', ' ').replace('-', ' ');
    String alternatives =
        spaced.equals(name)
            ? Pattern.quote(name)
            : Pattern.quote(name) + "|" + Pattern.quote(spaced);
    Pattern pattern =
        Pattern.compile(
            "(?<!" + NAME_CHAR + ")(?:" + alternatives + ")(?!" + NAME_CHAR + ")",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    return pattern.matcher(text).find();
  }

  private String fallback(Conversation conversation, Candidates candidates) {
    if (fallback != null) {
      String chosen = fallback.apply(conversation);
      if (chosen != null) {
        if (conversation.participant(chosen) == null) {
          throw new IllegalStateException(
              "the fallback of the selector chose '"
                  + chosen
                  + "', who is not in the team ("
                  + names(conversation.participants())
                  + "); return a participant's name, or null for the default fallback");
        }
        return chosen;
      }
    }
    for (String last : conversation.lastSpeakers()) {
      for (Conversation.Participant candidate : candidates.allowed) {
        if (candidate.name().equals(last)) {
          return last;
        }
      }
    }
    return candidates.allowed.get(0).name();
  }

  private String render(Conversation conversation, List<Conversation.Participant> candidates) {
    StringBuilder roles = new StringBuilder();
    for (Conversation.Participant candidate : candidates) {
      if (roles.length() > 0) {
        roles.append('\n');
      }
      String description = candidate.description().strip().replaceAll("\\s+", " ");
      roles.append(candidate.name()).append(description.isEmpty() ? "" : ": " + description);
    }
    StringBuilder history = new StringBuilder();
    for (AgentMessage message : conversation.messages()) {
      if (history.length() > 0) {
        history.append('\n');
      }
      history.append(message.source()).append(": ").append(message.content());
    }
    // One pass, so that a placeholder written inside the conversation stays as it was written.
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value;
      switch (matcher.group(1)) {
        case "roles":
          value = roles.toString();
          break;
        case "participants":
          value = names(candidates);
          break;
        case "history":
          value = history.toString();
          break;
        default:
          throw new AssertionError("validated at build time: " + matcher.group());
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static String names(List<Conversation.Participant> participants) {
    List<String> names = new ArrayList<>();
    participants.forEach(p -> names.add(p.name()));
    return String.join(", ", names);
  }

  private static String quote(String reply) {
    String oneLine = reply.strip().replaceAll("\\s+", " ");
    if (oneLine.isEmpty()) {
      return "(empty)";
    }
    return "\""
        + (oneLine.length() > QUOTE_LIMIT ? oneLine.substring(0, QUOTE_LIMIT) + "..." : oneLine)
        + "\"";
  }

  /** Builds a {@link ModelSelector}. */
  public static final class Builder {
    private final ChatModel model;
    private String template = DEFAULT_PROMPT;
    private Function<Conversation, List<String>> candidateFilter;
    private Function<Conversation, String> selectorFunction;
    private Function<Conversation, String> fallback;
    private boolean allowRepeatedSpeaker;
    private int maxAttempts = 3;

    private Builder(ChatModel model) {
      this.model = Objects.requireNonNull(model, "the selector needs a model");
    }

    /**
     * The prompt, with these placeholders: {@code {roles}} (a line {@code name: description} per
     * candidate), {@code {participants}} (the candidates' names, comma-separated) and {@code
     * {history}} (the conversation, a line {@code source: content} per message). Any other {@code
     * {word}} is rejected; braces around anything else are left as they are.
     *
     * @throws IllegalArgumentException naming an unknown placeholder
     */
    public Builder promptTemplate(String template) {
      Objects.requireNonNull(template, "promptTemplate");
      Matcher matcher = PLACEHOLDER.matcher(template);
      while (matcher.find()) {
        if (!PLACEHOLDERS.contains(matcher.group(1))) {
          throw new IllegalArgumentException(
              "the selector's prompt template has an unknown placeholder "
                  + matcher.group()
                  + "; use {roles}, {participants} and {history}");
        }
      }
      this.template = template;
      return this;
    }

    /**
     * Restricts who may be chosen this turn: the names it returns (participants only), or everyone
     * when it returns null or an empty list.
     */
    public Builder candidateFilter(Function<Conversation, List<String>> candidateFilter) {
      this.candidateFilter = candidateFilter;
      return this;
    }

    /**
     * Chooses before the model is asked. Its choice is final and may be any participant, whatever
     * the candidate filter and the repeat rule say; null asks the model. A name that is not a
     * participant is reported as a {@link TeamEvent.SelectionProblem} (attempt 0) and the model is
     * asked.
     */
    public Builder selectorFunction(Function<Conversation, String> selectorFunction) {
      this.selectorFunction = selectorFunction;
      return this;
    }

    /**
     * Whether whoever spoke last may be chosen again; false by default, unless they are the only
     * candidate.
     */
    public Builder allowRepeatedSpeaker(boolean allow) {
      this.allowRepeatedSpeaker = allow;
      return this;
    }

    /** The most model calls a turn may take; 3 by default. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException(
            "the selector's maxAttempts must be at least 1, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Who speaks when the model has not named a candidate after {@code maxAttempts} calls. By
     * default: whoever spoke last if they are a candidate (repeats allowed), else the first
     * candidate in declared order. A function given here is asked first; its choice may be any
     * participant, and null keeps the default.
     */
    public Builder fallback(Function<Conversation, String> fallback) {
      this.fallback = fallback;
      return this;
    }

    public ModelSelector build() {
      return new ModelSelector(this);
    }
  }
}
