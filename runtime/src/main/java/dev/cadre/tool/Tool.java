package dev.cadre.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A tool an agent can offer its model: the spec the model sees, and the function that runs.
 *
 * <p>Define one with {@link #builder(String)}, parameter by parameter, or with {@link
 * #fromRecord(String, String, Class, Function)}, whose arguments arrive as a record.
 *
 * @param spec name, description and argument schema
 * @param function what runs when the model calls the tool
 * @param timeout how long one call may take before the model is told it timed out. At the limit the
 *     call's {@link ToolContext#cancellation()} is cancelled and the thread running it interrupted.
 *     That thread may be the agent's own (see {@link ToolExecutor}): a tool that ignores both keeps
 *     its agent waiting until it returns, and its result is then discarded for the time-out error.
 *     Wait interruptibly, check the context, or pass it on, and the call stops at the limit.
 */
public record Tool(ToolSpec spec, ToolFunction function, Duration timeout) {

  /** How long a tool may run when no timeout is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /**
   * The parameter names the model APIs accept (Anthropic checks property keys against this; OpenAI
   * accepts a superset).
   */
  public static final Pattern PARAMETER_NAME = Pattern.compile("^[a-zA-Z0-9_.-]{1,64}$");

  /** The most characters of Jackson's complaint a model reads when arguments do not fit. */
  private static final int MAX_JACKSON_MESSAGE = 500;

  /**
   * Checks the spec and function; a {@code null} timeout is the default, and it must be positive.
   */
  public Tool {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(function, "function of tool '" + spec.name() + "'");
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout of tool '" + spec.name() + "' must be positive");
    }
  }

  /** A tool with the default timeout. */
  public static Tool of(ToolSpec spec, ToolFunction function) {
    return new Tool(spec, function, DEFAULT_TIMEOUT);
  }

  /** Starts a tool named {@code name}; see {@link Builder}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * A tool whose arguments are the record {@code argumentsType}: its schema comes from the record's
   * components ({@link JsonSchemas#of}), and each call's arguments are read into the record before
   * {@code body} runs; a number out of the range of its component's type ({@code 3000000000} for an
   * {@code int}, {@code 1e300} for a {@code float}) is an error the model reads, naming the
   * argument. The record is inspected once, here.
   *
   * @throws IllegalArgumentException if the name is not one the model APIs accept, or a component's
   *     type has no JSON schema (the message names the tool and the path to the type)
   */
  public static <A extends Record> Tool fromRecord(
      String name, String description, Class<A> argumentsType, Function<? super A, ?> body) {
    Objects.requireNonNull(body, "body of tool '" + name + "'");
    return fromRecord(
        name, description, argumentsType, (arguments, context) -> body.apply(arguments));
  }

  /**
   * Like {@link #fromRecord(String, String, Class, Function)}, for a body that wants its {@link
   * ToolContext} (to honour cancellation) or throws checked exceptions.
   */
  public static <A extends Record> Tool fromRecord(
      String name, String description, Class<A> argumentsType, RecordFunction<? super A> body) {
    Objects.requireNonNull(argumentsType, "argumentsType of tool '" + name + "'");
    Objects.requireNonNull(body, "body of tool '" + name + "'");
    if (!argumentsType.isRecord()) {
      throw new IllegalArgumentException(
          "tool '" + name + "': arguments type " + argumentsType.getName() + " must be a record");
    }
    ObjectNode parameters;
    try {
      parameters = JsonSchemas.of(argumentsType, "");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tool '" + name + "': " + e.getMessage(), e);
    }
    // The schema's properties are the record's components, in order.
    parameters.path("properties").fieldNames().forEachRemaining(p -> checkParameterName(name, p));
    String recordName = argumentsType.getSimpleName();
    NumberChecks numbers = NumberChecks.of(argumentsType);
    ToolFunction function =
        (arguments, context) -> {
          if (numbers != null) {
            numbers.check(arguments, ArgumentPath.ROOT);
          }
          A parsed;
          try {
            parsed = Json.mapper().treeToValue(arguments, argumentsType);
          } catch (JsonProcessingException e) {
            throw ArgumentException.unreadable(
                "arguments do not fit "
                    + recordName
                    + ": "
                    + Excerpts.cut(String.valueOf(e.getOriginalMessage()), MAX_JACKSON_MESSAGE));
          }
          return body.call(parsed, context);
        };
    return new Tool(new ToolSpec(name, description, parameters), function, DEFAULT_TIMEOUT);
  }

  /** The tool's name, as the model calls it. */
  public String name() {
    return spec.name();
  }

  /** This tool with another timeout. */
  public Tool withTimeout(Duration timeout) {
    return new Tool(spec, function, timeout);
  }

  private static void checkParameterName(String tool, String parameter) {
    if (parameter == null || !PARAMETER_NAME.matcher(parameter).matches()) {
      throw new IllegalArgumentException(
          "tool '"
              + tool
              + "': parameter name '"
              + parameter
              + "' is not accepted by the model APIs: use 1 to 64 letters, digits, '_', '.' or"
              + " '-'");
    }
  }

  /** The body of a tool whose arguments arrive as a record {@code A}. */
  @FunctionalInterface
  public interface RecordFunction<A> {
    /**
     * Runs the tool with its arguments read into {@code A}; what it returns is the result the model
     * reads.
     */
    Object call(A arguments, ToolContext context) throws Exception;
  }

  /**
   * Defines a tool parameter by parameter:
   *
   * <pre>{@code
   * Tool weather = Tool.builder("get_weather")
   *     .description("Current weather in a city")
   *     .parameter("city", String.class, "City name")
   *     .optionalParameter("unit", Unit.class, "Temperature unit; CELSIUS if left out")
   *     .timeout(Duration.ofSeconds(10))
   *     .function((args, ctx) -> weather(args.get("city").asText()))
   *     .build();
   * }</pre>
   *
   * <p>A parameter's schema comes from a Java type ({@link JsonSchemas#of}) or is given by hand.
   * Parameter names must be unique and accepted by the model APIs ({@link #PARAMETER_NAME}).
   */
  public static final class Builder {
    private final String name;
    private final JsonSchemas.ObjectBuilder parameters = JsonSchemas.object();
    private final Set<String> parameterNames = new HashSet<>();
    private String description = "";
    private Duration timeout = DEFAULT_TIMEOUT;
    private ToolFunction function;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** What the tool does and when to use it, in words the model reads. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** A required parameter whose schema is that of {@code type}. */
    public Builder parameter(String name, Type type, String description) {
      return add(name, schemaOf(name, type), description, true);
    }

    /** A required parameter with a hand-written schema. */
    public Builder parameter(String name, ObjectNode schema, String description) {
      return add(name, schema, description, true);
    }

    /** A parameter the model may leave out; the function sees it absent (or null). */
    public Builder optionalParameter(String name, Type type, String description) {
      return add(name, schemaOf(name, type), description, false);
    }

    /** An optional parameter with a hand-written schema. */
    public Builder optionalParameter(String name, ObjectNode schema, String description) {
      return add(name, schema, description, false);
    }

    /**
     * How long one call may run; {@link #DEFAULT_TIMEOUT} unless set. The limit stops a tool that
     * honours its context's cancellation or interruption; see {@link Tool}.
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout of tool '" + name + "'");
      return this;
    }

    /** What runs when the model calls the tool; it gets the arguments already validated. */
    public Builder function(ToolFunction function) {
      this.function = function;
      return this;
    }

    /**
     * @throws IllegalArgumentException if the name is not one the model APIs accept
     * @throws IllegalStateException if no function was given
     */
    public Tool build() {
      if (function == null) {
        throw new IllegalStateException(
            "tool '" + name + "' has no function: call function(...) before build()");
      }
      return new Tool(new ToolSpec(name, description, parameters.build()), function, timeout);
    }

    private ObjectNode schemaOf(String parameter, Type type) {
      checkParameterName(name, parameter);
      Objects.requireNonNull(type, "type of parameter '" + parameter + "' of tool '" + name + "'");
      try {
        return JsonSchemas.of(type, parameter);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("tool '" + name + "': " + e.getMessage(), e);
      }
    }

    private Builder add(String parameter, ObjectNode schema, String description, boolean required) {
      checkParameterName(name, parameter);
      Objects.requireNonNull(
          schema, "schema of parameter '" + parameter + "' of tool '" + name + "'");
      if (!parameterNames.add(parameter)) {
        throw new IllegalArgumentException(
            "tool '" + name + "': parameter '" + parameter + "' is defined twice");
      }
      parameters.property(parameter, schema, description, required);
      return this;
    }
  }
}
