package dev.cadre.code;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import dev.cadre.tool.Tool;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code run_code} tool: any assistant agent's model can run code through an executor, as a
 * tool call, and reads the output (or the error to fix) as the result.
 *
 * <pre>{@code
 * CodeExecutor sandbox = CodeExecutors.sandboxed();
 * AssistantAgent analyst = AssistantAgent.builder("analyst")
 *     .model(model)
 *     .tool(RunCodeTool.of(sandbox))
 *     .build();
 * }</pre>
 */
public final class RunCodeTool {

  /** The tool's name, as the model calls it. */
  public static final String NAME = "run_code";

  private RunCodeTool() {}

  /** The tool over {@code executor}, with no approval asked. */
  public static Tool of(CodeExecutor executor) {
    return of(executor, null);
  }

  /**
   * The tool over {@code executor}; {@code approver}, when not null, sees the code before it runs
   * and may refuse it (an {@code AssistantAgent}'s own tool approval works too).
   */
  public static Tool of(CodeExecutor executor, CodeApprover approver) {
    Objects.requireNonNull(executor, "executor");
    ObjectNode language = Json.mapper().createObjectNode().put("type", "string");
    ArrayNode names = language.putArray("enum");
    for (CodeLanguage each : CodeLanguage.values()) {
      names.add(each.name().toLowerCase(java.util.Locale.ROOT));
    }
    return Tool.builder(NAME)
        .description(
            "Runs a program and returns its output (stdout, then stderr), or the error to fix."
                + " Each call runs in the same working directory, so files persist between calls;"
                + " there is no network. Java code is a single-file program with a main method.")
        .parameter("language", language, "The program's language")
        .parameter("code", String.class, "The program's full source")
        .timeout(executor.limits().timeout().plus(Duration.ofSeconds(30)))
        .function(
            (arguments, context) -> {
              String tag = arguments.path("language").asText();
              CodeLanguage chosen =
                  CodeLanguage.fromTag(tag)
                      .orElseThrow(
                          () ->
                              new IllegalArgumentException(
                                  "language must be one of python, sh, bash, java"));
              CodeBlock block = new CodeBlock(chosen, arguments.path("code").asText());
              return CodeRuns.run(
                      "tool " + NAME, executor, approver, List.of(block), context.cancellation())
                  .text();
            })
        .build();
  }
}
