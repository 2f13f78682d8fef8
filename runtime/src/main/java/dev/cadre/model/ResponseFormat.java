package dev.cadre.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Asks the model for JSON that matches a schema (structured output).
 *
 * @param name a name for the schema, {@code ^[a-zA-Z0-9_-]{1,64}$} as the APIs require
 * @param schema the JSON schema the reply must match
 * @param strict whether the provider should enforce the schema exactly where it can
 */
public record ResponseFormat(String name, ObjectNode schema, boolean strict) {

  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

  /** Checks the name and the schema. */
  public ResponseFormat {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schema, "schema");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "response format name '" + name + "' must be 1 to 64 letters, digits, '_' or '-'");
    }
  }

  /** A strict format named {@code name} for {@code schema}. */
  public static ResponseFormat jsonSchema(String name, ObjectNode schema) {
    return new ResponseFormat(name, schema, true);
  }
}
