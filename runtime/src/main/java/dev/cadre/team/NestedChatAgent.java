package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An agent that thinks by holding a conversation of its own: it answers the messages it receives by
 * running an inner {@link Team} on them, and replies with one message that sums up the inner chat.
 * Elsewhere (in an outer team, say) it is one participant with one answer a turn; the inner
 * back-and-forth stays inside.
 *
 * <pre>{@code
 * NestedChatAgent review = NestedChatAgent.builder("review")
 *     .description("Reviews a draft with a critic and a fact checker")
 *     .team(reviewTeam)
 *     .summary(SummaryMethod.model(model))
 *     .build();
 * }</pre>
 *
 * <p>The reply is an {@link AgentMessage.Text} from this agent's name holding the summary ({@link
 * SummaryMethod#lastMessage()} by default: the inner run's last message). Its usage is the inner
 * run's plus the summary model's call, if any. The inner participants' work (text chunks, tool
 * calls, usage) is reported to the listener as it happens. A failed inner run fails this agent
 * with the inner run's {@link TeamRunException}, which names the inner participant.
 *
 * <p>The inner team keeps its conversation from one turn to the next, as any participant does, so
 * it builds on what it heard before; given no messages, it continues that conversation. {@link
 * #reset()} resets it. The team must not be run by anyone else meanwhile. For AutoGen's society of
 * mind, which answers through a model, shows the inner chat and starts its team afresh each time,
 * see {@link SocietyOfMindAgent}.
 */
public final class NestedChatAgent implements ChatAgent {

  private static final String STATE_KIND = "nested_chat";

  private final String name;
  private final String description;
  private final Team team;
  private final SummaryMethod summary;

  private NestedChatAgent(Builder b) {
    this.name = b.name;
    this.team = Objects.requireNonNull(b.team, () -> "nested chat '" + b.name + "' needs a team");
    this.description = b.description != null ? b.description : team.description();
    this.summary = b.summary;
  }

  /** Starts a nested chat called {@code name}: letters, digits, '_' and '-', as tool names are. */
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

  /** The team that holds the inner conversation. */
  public Team team() {
    return team;
  }

  /** How the inner conversation becomes the reply. */
  public SummaryMethod summary() {
    return summary;
  }

  /**
   * Runs the inner team on {@code messages} (or continues its conversation, when there are none)
   * and replies with the summary of its run.
   *
   * @throws TeamRunException if the inner run fails
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
    RunRequest request = messages.isEmpty() ? RunRequest.continuing() : RunRequest.of(messages);
    TaskResult inner =
        team.run(
            request
                .cancellation(cancellation)
                .listener(
                    event -> {
                      if (event instanceof TeamEvent.Activity activity) {
                        emit.accept(activity.event());
                      }
                    }));
    SummaryMethod.Summary written =
        summary.summarise("nested chat '" + name + "'", inner.messages(), cancellation);
    Usage usage = inner.usage().plus(written.usage());
    if (written.model() != null) {
      emit.accept(new AgentEvent.ModelUsage(name, written.model(), written.usage()));
    }
    AgentMessage reply = new AgentMessage.Text(name, written.text());
    emit.accept(new AgentEvent.Answered(name, reply, usage));
    return new AgentResponse(reply, events, usage, null);
  }

  /** Resets the inner team: its conversation and every inner participant. */
  @Override
  public void reset() {
    team.reset();
  }

  /**
   * The inner team's conversation, in a document of kind {@code nested_chat} that names this
   * agent; loads only into a nested chat of the same name whose team has the same shape.
   */
  @Override
  public JsonNode saveState() {
    return InnerTeamState.write(STATE_KIND, name, team);
  }

  @Override
  public void loadState(JsonNode state) {
    team.loadState(InnerTeamState.open(state, STATE_KIND, "nested chat", name).get("team"));
  }

  @Override
  public String toString() {
    return "NestedChatAgent[" + name + ", team " + team.name() + ", " + summary + "]";
  }

  /** Builds a {@link NestedChatAgent}. */
  public static final class Builder {
    private final String name;
    private String description;
    private Team team;
    private SummaryMethod summary = SummaryMethod.lastMessage();

    private Builder(String name) {
      this.name = ChatAgent.requireValidName("nested chat", name);
    }

    /** What it is good at, for a team choosing who speaks next; the team's description if unset. */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** The team that holds the inner conversation. */
    public Builder team(Team team) {
      this.team = Objects.requireNonNull(team, "team");
      return this;
    }

    /**
     * How the inner conversation becomes the reply; {@link SummaryMethod#lastMessage()} if unset.
     */
    public Builder summary(SummaryMethod summary) {
      this.summary = Objects.requireNonNull(summary, "summary");
      return this;
    }

    /**
     * @throws NullPointerException if no team was given
     */
    public NestedChatAgent build() {
      return new NestedChatAgent(this);
    }
  }
}
