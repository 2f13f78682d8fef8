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
 * <p>The first participant starts, unless the task ends in a handoff to a participant, which then
 * starts: that is how a run resumes after handing off to someone outside the team, such as the
 * user. A handoff to someone outside the team ends the run with a failure unless a termination
 * condition such as {@link Terminations#handoff(String)} stops it first; when the next run then
 * starts without a handoff, the agent that handed off takes the floor back.
 *
 * <p>The receiving agent sees the handoff with the tool calls and results that led to it, as {@link
 * dev.cadre.agent.AssistantAgent} turns a handoff into its context.
 *
 * <p>A swarm keeps no state of its own: the conversation (which the team keeps and resets) decides
 * who has the floor, so one instance may serve several teams and {@link #reset()} has nothing to
 * forget.
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
      if (conversation.participant(earlier.target()) != null) {
        return List.of(earlier.target());
      }
      // Handed off outside the team (to the user, say) and the conversation went on since: the
      // answer goes back to whoever asked.
      if (conversation.participant(earlier.source()) != null) {
        return List.of(earlier.source());
      }
    }
    return List.of(conversation.participants().get(0).name());
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
