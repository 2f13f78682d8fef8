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
 *       any participant outright; null leaves the choice to the model. A name that is not a
 *       participant fails the run.
 *   <li>The candidates are the names the {@linkplain Builder#candidateFilter candidate filter}
 *       returns, as given and in its order (an empty list fails the run); without one, every
 *       participant, less whoever spoke last unless {@linkplain Builder#allowRepeatedSpeaker
 *       repeats are allowed} or they are the only participant.
 *   <li>A single candidate speaks without asking the model.
 *   <li>Otherwise the model reads the prompt and its reply must name exactly one candidate (whole
 *       word, any case; {@code code_reviewer} may also be written {@code code reviewer}). A reply
 *       that names none, several, or someone who may not speak now is reported as a {@link
 *       TeamEvent.SelectionProblem} and answered with a correction, up to {@code maxAttempts}
 *       calls; after the last the {@linkplain Builder#fallback fallback} speaks: by default
 *       whoever spoke last, whatever the repeat rule says, as AutoGen does. So every turn ends in a
 *       choice after a bounded number of model calls.
 * </ol>
 *
 * <p>The prompt goes to the model as one user message (every provider accepts that; some reject a
 * request of a system message alone). Its {@code {history}} is the conversation, or with {@link
 * Builder#history(int)} its last messages only, after any {@linkplain Builder#prefill prefilled}
 * ones. Each model call's usage is reported as a {@link TeamEvent.Activity} of {@link
 * AgentEvent.ModelUsage} from {@code selector}, so it counts in the run's usage; a {@linkplain
 * Builder#streaming streaming} selector also reports the reply's text as it comes ({@link
 * AgentEvent.TextChunk} from {@code selector}) and then whole ({@link TeamEvent.SelectorReply}).
 * A {@link dev.cadre.model.ModelException} is not retried here (the model client already retries
 * what can be retried): it fails the run.
 *
 * <p>Immutable and stateless: one instance may serve several teams. It needs two participants or
 * more: a team of one has no one to choose between.
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
  private final boolean streaming;
  private final int history;
  private final List<AgentMessage> prefill;

  private ModelSelector(Builder b) {
    this.model = Telemetry.observe(b.model);
    this.template = b.template;
    this.candidateFilter = b.candidateFilter;
    this.selectorFunction = b.selectorFunction;
    this.fallback = b.fallback;
    this.allowRepeatedSpeaker = b.allowRepeatedSpeaker;
    this.maxAttempts = b.maxAttempts;
    this.streaming = b.streaming;
    this.history = b.history;
    this.prefill = b.prefill;
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
      String chosen = call("selector function", selectorFunction, conversation);
      if (chosen != null) {
        if (conversation.participant(chosen) == null) {
          throw new IllegalStateException(
              "the selector function of the selector returned '"
                  + chosen
                  + "', who is not a participant ("
                  + names(conversation.participants())
                  + "); return a participant's name, or null to let the model choose");
        }
        return List.of(chosen);
      }
    }
    Candidates candidates = candidates(conversation);
    if (candidates.allowed.size() == 1) {
      return List.of(candidates.allowed.get(0).name());
    }
    return List.of(ask(conversation, candidates, cancellation, events));
  }

  /** Nothing of its own to save: {@code {"selector": "model"}}. */
  /** The model that picks each next speaker: what a spec of its team names. */
  public ChatModel model() {
    return model;
  }

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
    if (candidateFilter != null) {
      List<String> filter = call("candidate filter", candidateFilter, conversation);
      if (filter == null || filter.isEmpty()) {
        throw new IllegalStateException(
            "the candidate filter of the selector returned no participants ("
                + (filter == null ? "null" : "an empty list")
                + "); return at least one of "
                + names(conversation.participants()));
      }
      // As given, in its order: the filter has the last word on who may speak (AutoGen's
      // candidate_func), so the repeat rule does not trim it.
      for (String name : new LinkedHashSet<>(filter)) {
        Conversation.Participant participant = conversation.participant(name);
        if (participant == null) {
          throw new IllegalStateException(
              "the candidate filter of the selector returned '"
                  + name
                  + "', who is not in the team ("
                  + names(conversation.participants())
                  + "); return participants' names only");
        }
        result.allowed.add(participant);
      }
      for (Conversation.Participant participant : conversation.participants()) {
        if (!result.allowed.contains(participant)) {
          result.filteredOut.add(participant.name());
        }
      }
      return result;
    }
    for (Conversation.Participant participant : conversation.participants()) {
      if (!allowRepeatedSpeaker && conversation.lastSpeakers().contains(participant.name())) {
        result.repeated.add(participant.name());
      } else {
        result.allowed.add(participant);
      }
    }
    if (result.allowed.isEmpty()) {
      // Only the last speaker is left: better it speaks again than nobody.
      result.allowed.addAll(conversation.participants());
      result.repeated.clear();
    }
    return result;
  }

  /** Calls a function the user gave, naming it if it throws. */
  private static <T> T call(
      String what, Function<Conversation, T> function, Conversation conversation) {
    try {
      return function.apply(conversation);
    } catch (RuntimeException e) {
      throw new IllegalStateException("the " + what + " of the selector failed: " + e, e);
    }
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
      ChatRequest request = ChatRequest.builder().messages(messages).build();
      ChatResponse reply =
          streaming
              ? model.stream(
                  request,
                  chunk ->
                      events.accept(
                          new TeamEvent.Activity(new AgentEvent.TextChunk(USAGE_SOURCE, chunk))),
                  cancellation)
              : model.chat(request, cancellation);
      String text = reply.text() == null ? "" : reply.text();
      if (streaming) {
        events.accept(new TeamEvent.SelectorReply(text, attempt));
      }
      events.accept(
          new TeamEvent.Activity(
              new AgentEvent.ModelUsage(USAGE_SOURCE, reply.model(), reply.usage())));
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
    // Whoever spoke last, even where repeats are not allowed (AutoGen's previous speaker).
    if (!conversation.lastSpeakers().isEmpty()) {
      return conversation.lastSpeakers().get(0);
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
    List<AgentMessage> shown = new ArrayList<>(prefill);
    shown.addAll(conversation.messages());
    if (history > 0 && shown.size() > history) {
      shown = shown.subList(shown.size() - history, shown.size());
    }
    StringBuilder history = new StringBuilder();
    for (AgentMessage message : shown) {
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
    private boolean streaming;
    private int history;
    private List<AgentMessage> prefill = List.of();

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
     * Says who may be chosen this turn: the names it returns (participants only), offered as given
     * and in its order, whoever spoke last included: the repeat rule does not apply to them. A
     * single name speaks without asking the model. Null or an empty list fails the run, as in
     * AutoGen.
     */
    public Builder candidateFilter(Function<Conversation, List<String>> candidateFilter) {
      this.candidateFilter = candidateFilter;
      return this;
    }

    /**
     * Chooses before the model is asked. Its choice is final and may be any participant, whatever
     * the candidate filter and the repeat rule say; null asks the model. A name that is not a
     * participant fails the run, naming the name.
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
     * default, as in AutoGen: whoever spoke last, whether or not they are a candidate and whatever
     * the repeat rule says; before anyone has spoken, the first candidate. A function given here is
     * asked first; its choice may be any participant, and null keeps the default.
     */
    public Builder fallback(Function<Conversation, String> fallback) {
      this.fallback = fallback;
      return this;
    }

    /**
     * Whether the model's reply streams in: each piece is reported as it comes, as an {@link
     * AgentEvent.TextChunk} from {@value ModelSelector#USAGE_SOURCE}, and the whole reply after it
     * as a {@link TeamEvent.SelectorReply} (AutoGen's {@code model_client_streaming} and {@code
     * SelectorEvent}). Off by default.
     */
    public Builder streaming(boolean streaming) {
      this.streaming = streaming;
      return this;
    }

    /**
     * Shows the model only the last {@code messages} messages of the conversation (the {@linkplain
     * #prefill prefilled} ones first), as AutoGen's selector does with a buffered model context;
     * the whole conversation by default. A bounded history keeps the prompt small in a long run.
     */
    public Builder history(int messages) {
      if (messages < 1) {
        throw new IllegalArgumentException(
            "the selector's history must be at least 1 message, was " + messages);
      }
      this.history = messages;
      return this;
    }

    /**
     * Messages shown to the model before the conversation, in every prompt: background the
     * participants never see. Part of the selector's configuration, so a team's reset keeps them.
     */
    public Builder prefill(List<? extends AgentMessage> messages) {
      this.prefill = List.copyOf(Objects.requireNonNull(messages, "prefill"));
      return this;
    }

    /** Builds the selector. */
    public ModelSelector build() {
      return new ModelSelector(this);
    }
  }
}
