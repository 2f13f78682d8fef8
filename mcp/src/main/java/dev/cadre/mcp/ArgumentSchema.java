package dev.cadre.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One tool's parameter schema, compiled once by a full JSON Schema validator (networknt
 * json-schema-validator), which follows {@code $ref} into {@code $defs} and {@code definitions}
 * and knows every keyword. A schema naming {@code $schema} draft-07 is read as draft-07; one with
 * none as 2020-12, the dialect MCP specifies. A {@code $ref} to another document is never fetched:
 * checking arguments must not reach the network.
 */
final class ArgumentSchema {

  /** The most problems one answer lists; the rest are counted. */
  static final int MAX_PROBLEMS = 20;

  /** The most characters one listed problem takes. */
  private static final int MAX_PROBLEM = 300;

  private final String tool;
  private final Schema schema;

  private ArgumentSchema(String tool, Schema schema) {
    this.tool = tool;
    this.schema = schema;
  }

  /**
   * Compiles {@code schema}, the parameters of {@code tool}.
   *
   * @throws IllegalArgumentException naming the tool if the schema cannot be compiled
   */
  static ArgumentSchema of(String tool, JsonNode schema) {
    Objects.requireNonNull(schema, "schema of tool '" + tool + "'");
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaLoader(loader -> loader.fetchRemoteResources(false)));
    try {
      Schema compiled = registry.getSchema(schema);
      compiled.initializeValidators(); // resolves every $ref now, so a broken one fails here
      return new ArgumentSchema(tool, compiled);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "the parameter schema of tool '" + tool + "' is not a usable JSON Schema: " + e, e);
    }
  }

  /**
   * How {@code arguments} breaks the schema, one sentence per problem naming where ({@code
   * $.address.zip: integer found, string expected}); empty if it conforms. At most {@value
   * #MAX_PROBLEMS} are listed, then how many more there are.
   */
  List<String> problems(JsonNode arguments) {
    List<Error> errors = schema.validate(arguments);
    List<String> listed = new ArrayList<>();
    for (Error error : errors) {
      if (listed.size() == MAX_PROBLEMS) {
        listed.add("and " + (errors.size() - MAX_PROBLEMS) + " more problems");
        break;
      }
      String problem = error.toString();
      listed.add(
          problem.length() <= MAX_PROBLEM ? problem : problem.substring(0, MAX_PROBLEM) + "...");
    }
    return listed;
  }

  /** What a client's model reads when the arguments for this tool do not fit its schema. */
  String refusal(List<String> problems) {
    return "invalid arguments for tool '"
        + tool
        + "', so it was not run:\n- "
        + String.join("\n- ", problems)
        + "\nCall it again with arguments that match its parameter schema.";
  }
}
