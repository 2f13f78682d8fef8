package dev.cadre.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.core.IdGenerator;
import dev.cadre.model.Usage;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A participant that answers with what a person says: on its turn it shows the person the messages
 * that arrived since it last spoke, asks through its {@link HumanInput} and waits, then answers
 * with the person's words as an {@link AgentMessage.Text} from its own name.
 *
 * <p>Handed the conversation ({@link AgentMessage.Handoff} to this proxy as the last message it
 * gets, as in a swarm), it asks "Handoff received from <i>agent</i>." before its prompt and
 * answers with a handoff back to that agent, carrying the person's words, so the agent that asked
 * gets the floor back (AutoGen's user proxy does the same).
 *
 * <p>While it waits it reports {@link AgentEvent.InputRequested} with the question's id, which is
 * what a {@link HumanInbox} is answered with. The waiting thread is held until the answer comes or
 * the turn is cancelled, unless its input is {@link HumanInput#pause()}: then a durable team run
 * pauses on the question and releases its thread (see {@code Team.resume(String, String)}).
 *
 * <p>A blank answer becomes {@link Builder#emptyAnswer(String) the empty answer} ("(no input)" by
 * default), since model APIs reject empty messages; no answer at all (the console reached end of
 * input, the input completed with {@code null}) fails the turn with {@link HumanInputException}.
 */
public final class UserProxyAgent implements ChatAgent {

  /** The kind of its state document. */
  public static final String STATE_KIND = "user_proxy";

  private final String name;
  private final String description;
  private final HumanInput input;
  private final String prompt;
  private final String emptyAnswer;
  private final IdGenerator questionIds;

  private UserProxyAgent(Builder b) {
    this.name = b.name;
    this.description = b.description;
    this.input =
        Objects.requireNonNull(
            b.input, () -> "user proxy '" + b.name + "' needs a HumanInput: call input(...)");
    this.prompt = b.prompt;
    this.emptyAnswer = b.emptyAnswer;
    this.questionIds = b.questionIds;
  }

  /** Starts a user proxy called {@code name}: letters, digits, '_' and '-'. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A user proxy called {@code name} asking through {@code input}, with the defaults. */
  public static UserProxyAgent of(String name, HumanInput input) {
    return builder(name).input(input).build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  /**
   * Asks the person and answers with their words.
   *
   * @throws CancelledException when {@code cancellation} is cancelled while the person is asked
   * @throws HumanInputException when the input fails or gives no answer
   */
  @Override
  public AgentResponse onMessages(
      List<? extends AgentMessage> messages,
      CancellationToken cancellation,
      Consumer<AgentEvent> listener) {
    Objects.requireNonNull(cancellation, "cancellation");
    Objects.requireNonNull(listener, "listener");
    AgentMessage.Handoff handedOver = handedOver(messages);
    String asked =
        handedOver == null
            ? prompt
            : "Handoff received from " + handedOver.source() + ". " + prompt;
    Question question =
        new Question(questionIds.next(), name, asked, List.copyOf(messages));
    List<AgentEvent> events = new ArrayList<>();
    AgentEvent requested = new AgentEvent.InputRequested(name, question.id(), asked);
    events.add(requested);
    listener.accept(requested);
    String answer = Answers.await(input, question, cancellation);
    if (answer == null) {
      throw new HumanInputException(
          name,
          "user proxy '"
              + name
              + "' got no answer to question "
              + question.id()
              + ": its input ended or answered null; answer with text (blank is allowed)",
          null);
    }
    AgentMessage message = reply(handedOver, answer);
    AgentEvent answered = new AgentEvent.Answered(name, message, Usage.ZERO);
    events.add(answered);
    listener.accept(answered);
    return new AgentResponse(message, events, Usage.ZERO, null);
  }

  /**
   * Answers a turn with words a person gave outside it: a durable team run that paused on this
   * proxy's question ({@link HumanInput#pause()}) continues with them. The person is not asked;
   * a blank answer becomes the empty answer, as ever. Answers with text; see {@link
   * #answerWith(List, String, Consumer)} to answer a handoff.
   */
  public AgentResponse answerWith(String answer, Consumer<AgentEvent> listener) {
    return answerWith(List.of(), answer, listener);
  }

  /**
   * Like {@link #answerWith(String, Consumer)}, for the turn that got {@code messages}: when the
   * last of them hands the conversation to this proxy, the answer is a handoff back, as {@link
   * #onMessages} would give.
   */
  public AgentResponse answerWith(
      List<? extends AgentMessage> messages, String answer, Consumer<AgentEvent> listener) {
    Objects.requireNonNull(messages, "messages");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(listener, "listener");
    AgentMessage message = reply(handedOver(messages), answer);
    AgentEvent answered = new AgentEvent.Answered(name, message, Usage.ZERO);
    listener.accept(answered);
    return new AgentResponse(message, List.of(answered), Usage.ZERO, null);
  }

  /**
   * The handoff to this proxy that ends {@code messages}, or null. A handoff to someone else is
   * just a message here: in a team that does not follow handoffs, the proxy still answers it.
   */
  private AgentMessage.Handoff handedOver(List<? extends AgentMessage> messages) {
    if (messages.isEmpty()) {
      return null;
    }
    return messages.get(messages.size() - 1) instanceof AgentMessage.Handoff handoff
            && handoff.target().equals(name)
        ? handoff
        : null;
  }

  private AgentMessage reply(AgentMessage.Handoff handedOver, String answer) {
    String text = answer.isBlank() ? emptyAnswer : answer;
    return handedOver == null
        ? new AgentMessage.Text(name, text)
        : new AgentMessage.Handoff(name, handedOver.source(), text, List.of());
  }

  /** Nothing to forget: the person remembers the conversation, not the proxy. */
  @Override
  public void reset() {}

  /**
   * A document of kind {@code user_proxy} holding only its name: the proxy keeps no conversation,
   * so a team with a person in it can still save.
   */
  @Override
  public JsonNode saveState() {
    ObjectNode document = State.document(STATE_KIND);
    document.put("name", name);
    return document;
  }

  @Override
  public void loadState(JsonNode state) {
    String saved = State.text(State.open(state, STATE_KIND), "name");
    if (!saved.equals(name)) {
      throw new StateException(
          "name",
          "the state is user proxy '"
              + saved
              + "'s, and cannot be loaded into user proxy '"
              + name
              + "'");
    }
  }

  @Override
  public String toString() {
    return "UserProxyAgent[" + name + "]";
  }

  /** Builds a {@link UserProxyAgent}. */
  public static final class Builder {
    private final String name;
    private String description = "A person who answers the conversation.";
    private HumanInput input;
    private String prompt = "Your answer:";
    private String emptyAnswer = "(no input)";
    private IdGenerator questionIds = IdGenerator.RANDOM;

    private Builder(String name) {
      this.name = ChatAgent.requireValidName("user proxy", name);
    }

    /** What this participant is for, as selector models read it. */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** Where the person's answers come from. Required. */
    public Builder input(HumanInput input) {
      this.input = Objects.requireNonNull(input, "input");
      return this;
    }

    /** What the person is asked on each turn; "Your answer:" by default. */
    public Builder prompt(String prompt) {
      this.prompt = Objects.requireNonNull(prompt, "prompt");
      return this;
    }

    /** What the proxy says when the person answers with nothing but blanks. */
    public Builder emptyAnswer(String emptyAnswer) {
      if (emptyAnswer == null || emptyAnswer.isBlank()) {
        throw new IllegalArgumentException(
            "user proxy '" + name + "': emptyAnswer must be non-blank text; model APIs reject"
                + " empty messages");
      }
      this.emptyAnswer = emptyAnswer;
      return this;
    }

    /**
     * Where its questions' ids come from; random UUIDs by default. A test gives a sequence, so
     * the ids (in {@link AgentEvent.InputRequested}, and those a {@link HumanInbox} is answered
     * with) are the same on every run.
     */
    public Builder questionIds(IdGenerator ids) {
      this.questionIds = Objects.requireNonNull(ids, "ids");
      return this;
    }

    /** Builds the user proxy. */
    public UserProxyAgent build() {
      return new UserProxyAgent(this);
    }
  }
}
