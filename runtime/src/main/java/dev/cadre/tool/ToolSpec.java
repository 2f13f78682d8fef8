package dev.cadre.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a model is told about a tool: its name, what it does, and the JSON schema of its arguments.
 *
 * @param name what the model calls; the model APIs accept {@code ^[a-zA-Z0-9_-]{1,64}$}
 * @param description when to use the tool, in words the model reads
 * @param parameters a JSON schema of {@code "type": "object"} describing the arguments
 */
public record ToolSpec(String name, String description, ObjectNode parameters) {

  /** The tool names OpenAI and Anthropic both accept. */
  public static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

  /** Checks that the name is one the model APIs accept. */
  public ToolSpec {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "tool name '"
              + name
              + "' is not accepted by the model APIs: use 1 to 64 letters, digits, '_' or '-'");
    }
    description = description == null ? "" : description;
    Objects.requireNonNull(parameters, "parameters of tool '" + name + "'");
    if (!"object".equals(parameters.path("type").asText())) {
      throw new IllegalArgumentException(
          "the parameters schema of tool '" + name + "' must have \"type\": \"object\"");
    }
  }

  /** Whether {@code name} is a tool name the model APIs accept. */
  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }
}
