package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.event.Telemetry;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.Usage;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * AutoGen's {@code SocietyOfMindAgent}: an agent that thinks with a team of its own and answers
 * with one message a model writes from the team's conversation.
 *
 * <pre>{@code
 * SocietyOfMindAgent writer = SocietyOfMindAgent.builder("society_of_mind")
 *     .team(draftAndReview)
 *     .model(model)
 *     .build();
 * }</pre>
 *
 * <p>Each turn, as AutoGen's does:
 *
 * <ol>
 *   <li>It runs its team on the messages it was handed, leaving them out of the team's result
 *       (continuing the team's conversation when there are none). The messages it was handed on
 *       earlier turns go first, as one {@link AgentMessage.Handoff} from this agent saying
 *       {@value #PREVIOUS_MESSAGES}, whose context holds them.
 *   <li>Each chat message of the inner run is reported as an {@link AgentEvent.InnerMessage}, and
 *       the inner participants' work as it is: an outer team shows them in its events and its
 *       result's timeline, while only this agent's answer joins the outer conversation.
 *   <li>When the inner run said nothing, it answers {@value #NO_RESPONSE}. Otherwise its model
 *       gets {@link #DEFAULT_INSTRUCTION} (or the builder's instruction) as a system message, each
 *       inner chat message as a user message named after its speaker, and {@link
 *       #DEFAULT_RESPONSE_PROMPT} as a last system message; the model's text is the answer.
 *   <li>It remembers the messages it was handed and resets its team.
 * </ol>
 *
 * <p>A failed inner run fails this agent with the inner run's {@link TeamRunException}. The team
 * must not be run by anyone else meanwhile. For a nested chat that keeps its team's conversation
 * and sums it up without a model, see {@link NestedChatAgent}.
 */
public final class SocietyOfMindAgent implements ChatAgent {

  /** What the model is told before the inner conversation, unless the builder says otherwise. */
  public static final String DEFAULT_INSTRUCTION =
      "Earlier you were asked to fulfill a request. You and your team worked diligently to address"
          + " that request. Here is a transcript of that conversation:";

  /** What the model is told after the inner conversation, unless the builder says otherwise. */
  public static final String DEFAULT_RESPONSE_PROMPT =
      "Output a standalone response to the original request, without mentioning any of the"
          + " intermediate discussion.";

  /** The description, unless the builder gives one. */
  public static final String DEFAULT_DESCRIPTION =
      "An agent that uses an inner team of agents to generate responses.";

  /** The answer when the inner run said nothing. */
  public static final String NO_RESPONSE = "No response.";

  /** What the handoff carrying the messages of earlier turns says. */
  public static final String PREVIOUS_MESSAGES = "relevant previous messages";

  private static final String STATE_KIND = "society_of_mind";

  private final String name;
  private final String description;
  private final Team team;
  private final ChatModel model;
  private final String instruction;
  private final String responsePrompt;
  // The messages handed to this agent on earlier turns, as a model reads them.
  private final List<ChatMessage> previous = new ArrayList<>();

  private SocietyOfMindAgent(Builder b) {
    this.name = b.name;
    this.team =
        Objects.requireNonNull(b.team, () -> "society-of-mind agent '" + b.name + "' needs a team");
    this.model =
        Telemetry.observe(
            Objects.requireNonNull(
                b.model, () -> "society-of-mind agent '" + b.name + "' needs a model"));
    this.description = b.description;
    this.instruction = b.instruction;
    this.responsePrompt = b.responsePrompt;
  }

  /** Starts an agent called {@code name}: letters, digits, '_' and '-', as tool names are. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  /** The team it thinks with. */
  public Team team() {
    return team;
  }

  /**
   * Runs the team and answers, as the class comment says.
   *
   * @throws TeamRunException if the inner run fails
   * @throws IllegalStateException if the model writes no text
   * @throws dev.cadre.core.CancelledException when {@code cancellation} is cancelled
   */
  @Override
  public AgentResponse onMessages(
      List<? extends AgentMessage> messages,
      CancellationToken cancellation,
      Consumer<AgentEvent> listener) {
    Objects.requireNonNull(cancellation, "cancellation");
    Objects.requireNonNull(listener, "listener");
    List<AgentEvent> events = new ArrayList<>();
    Consumer<AgentEvent> emit =
        event -> {
          events.add(event);
          listener.accept(event);
        };
    List<AgentMessage> task = new ArrayList<>();
    synchronized (previous) {
      if (!previous.isEmpty()) {
        task.add(new AgentMessage.Handoff(name, "", PREVIOUS_MESSAGES, previous));
      }
    }
    task.addAll(messages);
    RunRequest request = task.isEmpty() ? RunRequest.continuing() : RunRequest.of(task);
    TaskResult inner =
        team.run(
            request
                .withoutTaskMessages()
                .cancellation(cancellation)
                .listener(
                    event -> {
                      if (event instanceof TeamEvent.Activity activity) {
                        emit.accept(activity.event());
                      } else if (event instanceof TeamEvent.Message message) {
                        emit.accept(new AgentEvent.InnerMessage(name, message.message()));
                      }
                    }));
    AgentMessage reply;
    Usage usage = inner.usage();
    if (inner.timeline().isEmpty()) {
      reply = new AgentMessage.Text(name, NO_RESPONSE);
    } else {
      ChatResponse written = write(inner.messages(), cancellation);
      usage = usage.plus(written.usage());
      String used = written.model() == null ? model.info().model() : written.model();
      emit.accept(new AgentEvent.ModelUsage(name, used, written.usage()));
      reply = new AgentMessage.Text(name, written.text());
    }
    remember(messages);
    team.reset();
    emit.accept(new AgentEvent.Answered(name, reply, usage));
    return new AgentResponse(reply, events, usage, null);
  }

  private ChatResponse write(List<AgentMessage> transcript, CancellationToken cancellation) {
    ChatRequest.Builder request = ChatRequest.builder().message(ChatMessage.system(instruction));
    for (AgentMessage message : transcript) {
      request.message(message.toModelMessage());
    }
    request.message(ChatMessage.system(responsePrompt));
    ChatResponse reply = model.chat(request.build(), cancellation);
    if (reply.text() == null || reply.text().isBlank()) {
      throw new IllegalStateException(
          "society-of-mind agent '"
              + name
              + "': its model '"
              + model.info().model()
              + "' wrote no answer from its team's conversation (finish reason "
              + reply.finishReason()
              + ")");
    }
    return reply;
  }

  /** Keeps the messages handed to this turn for the next: a handoff's context, then each. */
  private void remember(List<? extends AgentMessage> messages) {
    synchronized (previous) {
      for (AgentMessage message : messages) {
        if (message instanceof AgentMessage.Handoff handoff) {
          previous.addAll(handoff.context());
        }
        previous.add(message.toModelMessage());
      }
    }
  }

  /** Resets the team and forgets the messages of earlier turns. */
  @Override
  public void reset() {
    team.reset();
    synchronized (previous) {
      previous.clear();
    }
  }

  /**
   * The team's state and the messages of earlier turns, in a document of kind {@code
   * society_of_mind} that names this agent; loads only into an agent of the same name whose team
   * has the same participants.
   */
  @Override
  public JsonNode saveState() {
    ObjectNode document = InnerTeamState.write(STATE_KIND, name, team);
    ArrayNode earlier = document.putArray("previous");
    synchronized (previous) {
      // One by one: each message's own type writes its role.
      previous.forEach(message -> earlier.add(Json.mapper().<JsonNode>valueToTree(message)));
    }
    return document;
  }

  @Override
  public void loadState(JsonNode state) {
    ObjectNode document =
        InnerTeamState.open(state, STATE_KIND, "society-of-mind agent", name);
    JsonNode earlier = document.get("previous");
    if (earlier == null || !earlier.isArray()) {
      throw new StateException("previous", "missing; expected the list of earlier messages");
    }
    List<ChatMessage> messages = new ArrayList<>();
    for (int i = 0; i < earlier.size(); i++) {
      try {
        messages.add(State.read(earlier.get(i), ChatMessage.class));
      } catch (StateException e) {
        throw e.within("previous[" + i + "]");
      }
    }
    team.loadState(document.get("team"));
    synchronized (previous) {
      previous.clear();
      previous.addAll(messages);
    }
  }

  @Override
  public String toString() {
    return "SocietyOfMindAgent[" + name + ", team " + team.name() + "]";
  }

  /** Builds a {@link SocietyOfMindAgent}. */
  public static final class Builder {
    private final String name;
    private String description = DEFAULT_DESCRIPTION;
    private Team team;
    private ChatModel model;
    private String instruction = DEFAULT_INSTRUCTION;
    private String responsePrompt = DEFAULT_RESPONSE_PROMPT;

    private Builder(String name) {
      this.name = ChatAgent.requireValidName("society-of-mind agent", name);
    }

    /** What it is good at, for a team choosing who speaks next; {@link #DEFAULT_DESCRIPTION}. */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** The team it thinks with. */
    public Builder team(Team team) {
      this.team = Objects.requireNonNull(team, "team");
      return this;
    }

    /** The model that writes its answers. */
    public Builder model(ChatModel model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** What the model is told before the inner conversation; {@link #DEFAULT_INSTRUCTION}. */
    public Builder instruction(String instruction) {
      this.instruction = requireText(instruction, "instruction");
      return this;
    }

    /** What the model is told after the inner conversation; {@link #DEFAULT_RESPONSE_PROMPT}. */
    public Builder responsePrompt(String responsePrompt) {
      this.responsePrompt = requireText(responsePrompt, "responsePrompt");
      return this;
    }

    private String requireText(String text, String what) {
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException(
            "society-of-mind agent '" + name + "': the " + what + " is blank");
      }
      return text;
    }

    /**
     * @throws NullPointerException if no team or no model was given
     */
    public SocietyOfMindAgent build() {
      return new SocietyOfMindAgent(this);
    }
  }
}
