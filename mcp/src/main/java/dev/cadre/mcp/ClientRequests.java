package dev.cadre.mcp;

import dev.cadre.agent.HumanInput;
import dev.cadre.agent.HumanInputPending;
import dev.cadre.agent.Question;
import dev.cadre.core.CancellationToken;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What a server asks of Cadre's client, answered as {@link McpClientOptions} say: sampling by the
 * user's model (after a person allows it, if asked to), elicitation by a person, and the server's
 * log messages, which go to SLF4J under {@code dev.cadre.mcp.server.<name>}.
 */
final class ClientRequests {

  private final McpServerConfig config;
  private final McpClientOptions options;
  private final Logger serverLog;
  private final AtomicLong questions = new AtomicLong();
  private final Function<String, Optional<String>> resumed;
  private final Predicate<HumanInputPending> pause;

  /**
   * @param resumed the answer a resumed durable run holds for a question id, asked of the tool
   *     calls under way
   * @param pause stops the tool calls under way so that their run pauses on the question; false
   *     when no call can (none under way came from an agent's tool)
   */
  ClientRequests(
      McpServerConfig config,
      McpClientOptions options,
      Function<String, Optional<String>> resumed,
      Predicate<HumanInputPending> pause) {
    this.config = config;
    this.options = options;
    this.resumed = resumed;
    this.pause = pause;
    this.serverLog = LoggerFactory.getLogger("dev.cadre.mcp.server." + config.name());
  }

  /** The capabilities the options amount to. */
  McpSchema.ClientCapabilities capabilities() {
    McpSchema.ClientCapabilities.Builder capabilities = McpSchema.ClientCapabilities.builder();
    if (!options.roots().isEmpty()) {
      capabilities.roots(true);
    }
    if (options.sampling() != null) {
      capabilities.sampling();
    }
    if (options.elicitation() != null) {
      capabilities.elicitation(true, false);
    }
    return capabilities.build();
  }

  /** A server's log message, at the matching SLF4J level, naming the server and its logger. */
  Mono<Void> log(McpSchema.LoggingMessageNotification message) {
    String text =
        "MCP server '{}'"
            + (message.logger() == null ? "" : " (" + message.logger() + ")")
            + ": {}";
    String data = config.mask(String.valueOf(message.data()));
    switch (message.level()) {
      case DEBUG -> serverLog.debug(text, config.name(), data);
      case INFO, NOTICE -> serverLog.info(text, config.name(), data);
      case WARNING -> serverLog.warn(text, config.name(), data);
      default -> serverLog.error(text, config.name(), data);
    }
    return Mono.empty();
  }

  /** Answers {@code sampling/createMessage} with the user's model, on a thread that may block. */
  Mono<McpSchema.CreateMessageResult> sample(McpSchema.CreateMessageRequest request) {
    return Mono.fromCallable(() -> sampleNow(request)).subscribeOn(Schedulers.boundedElastic());
  }

  private McpSchema.CreateMessageResult sampleNow(McpSchema.CreateMessageRequest request)
      throws InterruptedException {
    List<String> said = new ArrayList<>();
    ChatRequest.Builder chat = ChatRequest.builder();
    if (request.systemPrompt() != null && !request.systemPrompt().isBlank()) {
      chat.message(ChatMessage.system(request.systemPrompt()));
    }
    for (McpSchema.SamplingMessage message : request.messages()) {
      String text = ContentText.render(List.of(message.content()));
      said.add(message.role().name().toLowerCase(Locale.ROOT) + ": " + text);
      chat.message(
          message.role() == McpSchema.Role.ASSISTANT
              ? ChatMessage.assistant(text)
              : ChatMessage.user(text));
    }
    if (request.maxTokens() != null) {
      chat.maxTokens(request.maxTokens());
    }
    if (request.temperature() != null) {
      chat.temperature(request.temperature());
    }
    if (request.stopSequences() != null && !request.stopSequences().isEmpty()) {
      chat.stop(request.stopSequences().toArray(String[]::new));
    }
    if (options.samplingApproval() != null) {
      String answer =
          ask(
              options.samplingApproval(),
              "MCP server '"
                  + config.name()
                  + "' asks to use your model with:\n"
                  + String.join("\n", said)
                  + "\nAllow it? (yes/no)");
      if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).matches("y|yes")) {
        throw new McpError(
            new McpSchema.JSONRPCResponse.JSONRPCError(
                -1, "the user declined the sampling request", null));
      }
    }
    ChatResponse reply = options.sampling().chat(chat.build(), CancellationToken.none());
    return new McpSchema.CreateMessageResult(
        McpSchema.Role.ASSISTANT,
        new McpSchema.TextContent(reply.text() == null ? "" : reply.text()),
        reply.model() == null ? options.sampling().info().model() : reply.model(),
        switch (reply.finishReason()) {
          case LENGTH -> McpSchema.CreateMessageResult.StopReason.MAX_TOKENS;
          case STOP -> McpSchema.CreateMessageResult.StopReason.END_TURN;
          default -> McpSchema.CreateMessageResult.StopReason.UNKNOWN;
        });
  }

  /**
   * Answers a form-mode {@code elicitation/create}: one question to the person per field of the
   * requested schema, saying its type, its choices and its default. An empty answer leaves the
   * field out (the SDK then applies its default); no answer at all cancels; an answer that does
   * not fit the field's type declines.
   *
   * <p>In a durable run whose person is {@link HumanInput#pause()}, a question pauses the run: the
   * tool calls under way stop, the server is answered {@code cancel}, and the call runs again when
   * the run resumes. Then the same form asks the same questions, whose ids depend only on the
   * server, the form and the field, and the answers the run was resumed with answer them.
   */
  Mono<McpSchema.ElicitResult> elicit(McpSchema.ElicitFormRequest request) {
    return Mono.fromCallable(() -> elicitNow(request)).subscribeOn(Schedulers.boundedElastic());
  }

  private McpSchema.ElicitResult elicitNow(McpSchema.ElicitFormRequest request)
      throws InterruptedException {
    Map<String, Object> content = new LinkedHashMap<>();
    Object properties =
        request.requestedSchema() == null ? null : request.requestedSchema().get("properties");
    if (properties instanceof Map<?, ?> fields) {
      boolean first = true;
      for (Map.Entry<?, ?> field : fields.entrySet()) {
        Map<?, ?> schema = field.getValue() instanceof Map<?, ?> m ? m : Map.of();
        String prompt =
            (first ? "MCP server '" + config.name() + "' asks: " + request.message() + "\n" : "")
                + describe(String.valueOf(field.getKey()), schema);
        first = false;
        String id = questionId(request.message(), String.valueOf(field.getKey()), schema);
        String answer;
        try {
          Optional<String> given = resumed.apply(id);
          answer = given.isPresent() ? given.get() : ask(options.elicitation(), id, prompt);
        } catch (HumanInputPending pending) {
          if (!pause.test(pending)) {
            throw pending;
          }
          return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.CANCEL, null);
        }
        if (answer == null) {
          return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.CANCEL, null);
        }
        if (answer.isBlank()) {
          continue;
        }
        Object value = coerce(answer.strip(), schema);
        if (value == null) {
          return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.DECLINE, null);
        }
        content.put(String.valueOf(field.getKey()), value);
      }
    }
    return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, content);
  }

  private static String describe(String name, Map<?, ?> schema) {
    StringBuilder text = new StringBuilder();
    text.append(schema.get("title") != null ? schema.get("title") : name);
    if (schema.get("description") != null) {
      text.append(" (").append(schema.get("description")).append(')');
    }
    text.append(" [").append(schema.get("type") == null ? "string" : schema.get("type"));
    List<Object> choices = choices(schema);
    if (!choices.isEmpty()) {
      boolean many = "array".equals(schema.get("type"));
      text.append(many ? ", some of (comma-separated) " : ", one of ");
      text.append(choices);
    }
    if (schema.containsKey("default")) {
      text.append(", empty for ").append(schema.get("default"));
    }
    return text.append("]").toString();
  }

  /**
   * The values a field may take: its {@code enum}, or the {@code const}s of its {@code oneOf} or
   * {@code anyOf}, for the field or, for an array, for its items.
   */
  private static List<Object> choices(Map<?, ?> schema) {
    Map<?, ?> of = schema.get("items") instanceof Map<?, ?> items ? items : schema;
    if (of.get("enum") instanceof List<?> values) {
      return List.copyOf(values);
    }
    Object options = of.get("oneOf") != null ? of.get("oneOf") : of.get("anyOf");
    List<Object> consts = new ArrayList<>();
    if (options instanceof List<?> list) {
      for (Object option : list) {
        if (option instanceof Map<?, ?> m && m.get("const") != null) {
          consts.add(m.get("const"));
        }
      }
    }
    return consts;
  }

  /** {@code answer} as the field's type, or null if it is not one. */
  private static Object coerce(String answer, Map<?, ?> schema) {
    String type = schema.get("type") == null ? "string" : String.valueOf(schema.get("type"));
    List<Object> choices = choices(schema);
    if (type.equals("array")) {
      List<String> picked = new ArrayList<>();
      for (String part : answer.split(",")) {
        if (!part.isBlank()) {
          picked.add(part.strip());
        }
      }
      return choices.isEmpty() || choices.containsAll(picked) ? picked : null;
    }
    try {
      Object value =
          switch (type) {
            case "integer" -> Long.parseLong(answer);
            case "number" -> Double.parseDouble(answer);
            case "boolean" -> {
              String yes = answer.toLowerCase(Locale.ROOT);
              yield yes.matches("y|yes|true") ? Boolean.TRUE
                  : yes.matches("n|no|false") ? Boolean.FALSE : null;
            }
            default -> answer;
          };
      return value != null && !choices.isEmpty() && !choices.contains(value) ? null : value;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The id of the question for field {@code field} of form {@code message}: the same each time the
   * server asks it, so that the answer a resumed run holds finds it.
   */
  private String questionId(String message, String field, Map<?, ?> schema) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      List<String> parts =
          List.of(config.name(), String.valueOf(message), field, schema.toString());
      for (String part : parts) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return "mcp-" + config.name() + "-" + HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private String ask(HumanInput person, String prompt) throws InterruptedException {
    return ask(person, "mcp-" + config.name() + "-" + questions.incrementAndGet(), prompt);
  }

  private String ask(HumanInput person, String id, String prompt) throws InterruptedException {
    Question question = new Question(id, "mcp:" + config.name(), prompt, List.of());
    try {
      return person.ask(question, CancellationToken.none()).toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw new McpError(
          new McpSchema.JSONRPCResponse.JSONRPCError(
              -1, "no answer from the person asked: " + e.getCause().getMessage(), null));
    }
  }
}
