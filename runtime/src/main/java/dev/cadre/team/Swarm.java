package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentMessage;
import dev.cadre.core.CancellationToken;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Agents pass the conversation along by handing off (AutoGen's swarm): whoever has the floor keeps
 * it, turn after turn, until it answers with an {@link AgentMessage.Handoff} to another
 * participant, who speaks next.
 *
 * <p>The first participant starts. After that the latest handoff of the conversation decides, so
 * a run continues with whoever was handed the floor last, whether or not it brings a new task; a
 * task that ends in a handoff to a participant gives that participant the floor.
 *
 * <p>A handoff to someone outside the team (the user, say) ends the run with a failure unless a
 * termination condition such as {@link Terminations#handoff(String)} stops it first. The
 * conversation then cannot go on until someone hands it back: a run whose task does not end in a
 * handoff to a participant is refused before anything changes ({@link #checkStart}), as AutoGen
 * refuses it; the agent that handed off does not take the floor back by itself.
 *
 * <p>The receiving agent sees the handoff with the tool calls and results that led to it, handoffs
 * aside, as {@link dev.cadre.agent.AssistantAgent} turns a handoff into its context.
 *
 * <p>A swarm keeps no state of its own: the conversation (which the team keeps and resets) decides
 * who has the floor, so one instance may serve several teams and {@link #reset()} has nothing to
 * forget. Its participants are agents: a team cannot take part, since it cannot hand off.
 */
public final class Swarm implements SpeakerSelector {

  @Override
  public List<String> next(
      Conversation conversation, CancellationToken cancellation, Consumer<TeamEvent> events) {
    AgentMessage.Handoff recent = latestHandoff(conversation.lastTurn());
    if (recent != null) {
      if (conversation.participant(recent.target()) == null) {
        throw new IllegalStateException(
            "'"
                + recent.source()
                + "' handed off to '"
                + recent.target()
                + "', who is not in the team ("
                + names(conversation)
                + "); add '"
                + recent.target()
                + "' to the team, or stop the run there with Terminations.handoff(\""
                + recent.target()
                + "\")");
      }
      return List.of(recent.target());
    }
    AgentMessage.Handoff earlier = latestHandoff(conversation.messages());
    if (earlier != null) {
      requireHandedBack(conversation, earlier);
      return List.of(earlier.target());
    }
    return List.of(conversation.participants().get(0).name());
  }

  /**
   * Refuses a run that would start after a handoff to someone outside the team, unless its task
   * hands the conversation to a participant; and a task whose handoff goes outside the team.
   *
   * @throws IllegalStateException naming the handoff's target, the participants, and the way on
   */
  @Override
  public void checkStart(Conversation conversation, List<AgentMessage> task) {
    AgentMessage.Handoff given = latestHandoff(task);
    if (given != null) {
      if (conversation.participant(given.target()) == null) {
        throw new IllegalStateException(
            "the swarm cannot start: the task hands off to '"
                + given.target()
                + "', who is not in the team ("
                + names(conversation)
                + "); hand off to one of them");
      }
      return;
    }
    AgentMessage.Handoff latest = latestHandoff(conversation.messages());
    if (latest != null) {
      requireHandedBack(conversation, latest);
    }
  }

  private static void requireHandedBack(Conversation conversation, AgentMessage.Handoff latest) {
    if (conversation.participant(latest.target()) != null) {
      return;
    }
    String first = conversation.participants().get(0).name();
    throw new IllegalStateException(
        "the swarm cannot continue: its last handoff went to '"
            + latest.target()
            + "', who is not in the team ("
            + names(conversation)
            + "); start the run with a task that hands the conversation back to one of them, e.g."
            + " new AgentMessage.Handoff(\""
            + latest.target()
            + "\", \""
            + (conversation.participant(latest.source()) != null ? latest.source() : first)
            + "\", answer, List.of())");
  }

  /** Nothing of its own to save: {@code {"selector": "swarm"}}. */
  @Override
  public JsonNode saveState() {
    return SpeakerSelector.stateDocument("swarm");
  }

  /** Checks the document is a swarm selector's; there is nothing to load. */
  @Override
  public void loadState(JsonNode state) {
    SpeakerSelector.openState(state, "swarm");
  }

  @Override
  public String toString() {
    return "swarm";
  }

  private static AgentMessage.Handoff latestHandoff(List<AgentMessage> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i) instanceof AgentMessage.Handoff handoff) {
        return handoff;
      }
    }
    return null;
  }

  private static String names(Conversation conversation) {
    List<String> names = new ArrayList<>();
    conversation.participants().forEach(p -> names.add(p.name()));
    return String.join(", ", names);
  }
}
