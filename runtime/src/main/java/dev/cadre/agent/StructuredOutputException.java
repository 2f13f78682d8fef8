package dev.cadre.agent;

/**
 * An agent's model did not produce JSON matching its output type, even when asked a second time
 * with the error. The message names the agent and the type, and quotes the model's last reply.
 */
public class StructuredOutputException extends RuntimeException {

  /** The model's last reply. */
  private final String modelText;

  /** {@code agent}'s reply {@code modelText} is not a {@code type}: {@code problem}. */
  public StructuredOutputException(String agent, String type, String problem, String modelText) {
    super(
        "agent '"
            + agent
            + "' could not produce a "
            + type
            + " after one repair attempt: "
            + problem
            + "; the model replied: "
            + abbreviate(modelText));
    this.modelText = modelText;
  }

  /** The model's last reply, whole. */
  public String modelText() {
    return modelText;
  }

  private static String abbreviate(String text) {
    if (text == null) {
      return "(no text)";
    }
    return text.length() <= 2000 ? text : text.substring(0, 2000) + "…";
  }
}
