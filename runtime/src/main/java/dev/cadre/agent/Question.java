package dev.cadre.agent;

import java.util.List;
import java.util.Objects;

/**
 * What a participant asks a person: the prompt to show and the messages that lead up to it.
 *
 * @param id unique per question, so an answer that arrives later (from a web request, say) can
 *     name the question it answers
 * @param agent the participant that asks
 * @param prompt what the person is asked
 * @param context the messages the person should see before answering, oldest first; may be empty
 */
public record Question(String id, String agent, String prompt, List<AgentMessage> context) {
  /** Checks and copies the components. */
  public Question {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(prompt, "prompt");
    context = context == null ? List.of() : List.copyOf(context);
  }
}
