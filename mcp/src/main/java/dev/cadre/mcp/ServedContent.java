package dev.cadre.mcp;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resources, resource templates, prompts and completions a {@link CadreMcpServer} offers
 * beside its tools, as the SDK's server wants them. Errors a user's function throws go back to the
 * client as JSON-RPC errors naming the resource or prompt.
 */
final class ServedContent {

  private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

  final List<McpServerFeatures.SyncResourceSpecification> resources = new ArrayList<>();
  final List<McpServerFeatures.SyncResourceTemplateSpecification> templates = new ArrayList<>();
  final List<McpServerFeatures.SyncPromptSpecification> prompts = new ArrayList<>();
  final List<McpServerFeatures.SyncCompletionSpecification> completions = new ArrayList<>();

  void text(String uri, String name, String mimeType, Supplier<String> text) {
    resources.add(
        new McpServerFeatures.SyncResourceSpecification(
            new McpSchema.Resource(uri, name, null, null, mimeType, null, null, null),
            (exchange, request) ->
                read(
                    "resource '" + uri + "'",
                    () -> new McpSchema.TextResourceContents(uri, mimeType, text.get()))));
  }

  void binary(String uri, String name, String mimeType, Supplier<byte[]> bytes) {
    resources.add(
        new McpServerFeatures.SyncResourceSpecification(
            new McpSchema.Resource(uri, name, null, null, mimeType, null, null, null),
            (exchange, request) ->
                read(
                    "resource '" + uri + "'",
                    () ->
                        new McpSchema.BlobResourceContents(
                            uri, mimeType, Base64.getEncoder().encodeToString(bytes.get())))));
  }

  void template(
      String uriTemplate,
      String name,
      String mimeType,
      Function<Map<String, String>, String> text) {
    Pattern pattern = templatePattern(uriTemplate);
    List<String> names = new ArrayList<>();
    Matcher variables = VARIABLE.matcher(uriTemplate);
    while (variables.find()) {
      names.add(variables.group(1));
    }
    templates.add(
        new McpServerFeatures.SyncResourceTemplateSpecification(
            new McpSchema.ResourceTemplate(uriTemplate, name, null, null, mimeType, null),
            (exchange, request) -> {
              Matcher matched = pattern.matcher(request.uri());
              if (!matched.matches()) {
                throw error("resource '" + request.uri() + "' does not fit " + uriTemplate);
              }
              Map<String, String> values = new LinkedHashMap<>();
              for (int i = 0; i < names.size(); i++) {
                values.put(names.get(i), matched.group(i + 1));
              }
              return read(
                  "resource '" + request.uri() + "'",
                  () ->
                      new McpSchema.TextResourceContents(
                          request.uri(), mimeType, text.apply(values)));
            }));
  }

  void prompt(
      String name,
      String description,
      List<String> arguments,
      Function<Map<String, String>, String> text) {
    content(
        name,
        description,
        arguments,
        given -> McpContent.of(new McpContent.Text(text.apply(given))));
  }

  /** A prompt whose user messages are {@code content}'s blocks, one message each. */
  void content(
      String name,
      String description,
      List<String> arguments,
      Function<Map<String, String>, McpContent> content) {
    List<McpSchema.PromptArgument> declared =
        arguments.stream().map(a -> new McpSchema.PromptArgument(a, null, true)).toList();
    prompts.add(
        new McpServerFeatures.SyncPromptSpecification(
            new McpSchema.Prompt(name, description, declared),
            (exchange, request) -> {
              Map<String, String> given = new LinkedHashMap<>();
              Map<String, Object> sent =
                  request.arguments() == null ? Map.of() : request.arguments();
              for (String argument : arguments) {
                Object value = sent.get(argument);
                if (value == null) {
                  throw error("prompt '" + name + "' needs argument '" + argument + "'");
                }
                given.put(argument, String.valueOf(value));
              }
              McpContent filled;
              try {
                filled = content.apply(given);
              } catch (RuntimeException e) {
                throw error("prompt '" + name + "' failed: " + e.getMessage());
              }
              return new McpSchema.GetPromptResult(
                  description,
                  filled.toMcp().stream()
                      .map(block -> new McpSchema.PromptMessage(McpSchema.Role.USER, block))
                      .toList());
            }));
  }

  void completion(String prompt, BiFunction<String, String, List<String>> complete) {
    completions.add(
        new McpServerFeatures.SyncCompletionSpecification(
            new McpSchema.PromptReference(prompt),
            (exchange, request) -> {
              List<String> values =
                  complete.apply(request.argument().name(), request.argument().value());
              List<String> shown = values.size() > 100 ? values.subList(0, 100) : values;
              return new McpSchema.CompleteResult(
                  new McpSchema.CompleteResult.CompleteCompletion(
                      List.copyOf(shown), values.size(), values.size() > 100));
            }));
  }

  /** {@code uriTemplate}'s variables as groups that match one path segment or more. */
  static Pattern templatePattern(String uriTemplate) {
    StringBuilder regex = new StringBuilder();
    Matcher variables = VARIABLE.matcher(uriTemplate);
    int at = 0;
    while (variables.find()) {
      regex.append(Pattern.quote(uriTemplate.substring(at, variables.start())));
      regex.append("([^/?#]+)");
      at = variables.end();
    }
    regex.append(Pattern.quote(uriTemplate.substring(at)));
    return Pattern.compile(regex.toString());
  }

  private static McpSchema.ReadResourceResult read(
      String what, Supplier<McpSchema.ResourceContents> contents) {
    try {
      return new McpSchema.ReadResourceResult(List.of(contents.get()));
    } catch (RuntimeException e) {
      throw error(what + " could not be read: " + e.getMessage());
    }
  }

  private static McpError error(String message) {
    return new McpError(
        new McpSchema.JSONRPCResponse.JSONRPCError(
            McpSchema.ErrorCodes.INVALID_PARAMS, message, null));
  }
}
