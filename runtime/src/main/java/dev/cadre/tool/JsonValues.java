package dev.cadre.tool;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Reads and writes single JSON values for code the annotation processor generates, so that a tool
 * binding reads its arguments without reflection and fails with a sentence the model can act on:
 * {@code argument 'when' must be an ISO-8601 date like 2024-05-31, got "tomorrow"}.
 *
 * <p>Readers take the node (which may be Java {@code null} when a property is absent) and its path
 * from the root of the arguments ({@code order.items[2].price}, see {@link #field} and {@link
 * #index}); the empty path means the root value. They throw {@link IllegalArgumentException} when
 * the value is missing, has the wrong shape, or is a number out of the range of the Java type
 * ({@code 3000000000} for an {@code int}, {@code 1e300} for a {@code float}, and {@code 1e400},
 * which Jackson reads as infinity, for any of them); the {@link ToolExecutor} tells the model so as
 * bad arguments. A number that rounds to zero as a {@code double} or {@code float} ({@code 1e-400})
 * is read as zero, as any decimal is rounded to the nearest value the type holds. Writers accept
 * {@code null} and turn it into JSON {@code null}. {@code java.time} values are ISO-8601 strings
 * both ways.
 */
public final class JsonValues {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String DOUBLE_RANGE =
      "a number from " + -Double.MAX_VALUE + " to " + Double.MAX_VALUE;
  private static final String FLOAT_RANGE =
      "a number from " + -Float.MAX_VALUE + " to " + Float.MAX_VALUE;

  /**
   * The most digits a {@code BigInteger} argument may have: {@code 1e999999999} is an integer, and
   * writing it out would take a gigabyte.
   */
  static final int MAX_DIGITS = 1000;

  private JsonValues() {}

  // ---- paths

  /**
   * The path of property {@code name} of the object at {@code path}. A name longer than any the
   * model APIs accept (a map key can be anything) is cut, so paths stay short enough to show.
   */
  public static String field(String path, String name) {
    String shown = ArgumentPath.name(name);
    return path.isEmpty() ? shown : path + "." + shown;
  }

  /** The path of element {@code index} of the array at {@code path}. */
  public static String index(String path, int index) {
    return path + "[" + index + "]";
  }

  // ---- reading

  /** Whether a value was left out: an absent property or JSON {@code null}. */
  public static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  /** The JSON object at {@code path}. */
  public static ObjectNode object(JsonNode node, String path) {
    present(node, path);
    if (!(node instanceof ObjectNode object)) {
      throw wrong(path, "an object", node);
    }
    return object;
  }

  /** The JSON array at {@code path}. */
  public static ArrayNode array(JsonNode node, String path) {
    present(node, path);
    if (!(node instanceof ArrayNode array)) {
      throw wrong(path, "an array", node);
    }
    return array;
  }

  /** The string at {@code path}. */
  public static String text(JsonNode node, String path) {
    present(node, path);
    if (!node.isTextual()) {
      throw wrong(path, "a string", node);
    }
    return node.textValue();
  }

  /** A string of exactly one {@code char}. */
  public static char charValue(JsonNode node, String path) {
    String text = text(node, path);
    if (text.length() != 1) {
      throw wrong(path, "a single character", node);
    }
    return text.charAt(0);
  }

  /** The boolean at {@code path}. */
  public static boolean booleanValue(JsonNode node, String path) {
    present(node, path);
    if (!node.isBoolean()) {
      throw wrong(path, "a boolean", node);
    }
    return node.booleanValue();
  }

  /** An integer that fits an {@code int}; a fraction or a value out of range is an error. */
  public static int intValue(JsonNode node, String path) {
    if (node != null && node.isInt()) {
      return node.intValue(); // the usual case: no conversion to check
    }
    return integral(node, path, (long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE).intValueExact();
  }

  /** An integer that fits a {@code long}; a fraction or a value out of range is an error. */
  public static long longValue(JsonNode node, String path) {
    if (node != null && (node.isInt() || node.isLong())) {
      return node.longValue();
    }
    return integral(node, path, Long.MIN_VALUE, Long.MAX_VALUE).longValueExact();
  }

  /** An integer that fits a {@code short}; a fraction or a value out of range is an error. */
  public static short shortValue(JsonNode node, String path) {
    if (node != null && node.isInt() && (short) node.intValue() == node.intValue()) {
      return (short) node.intValue();
    }
    return integral(node, path, (long) Short.MIN_VALUE, (long) Short.MAX_VALUE).shortValueExact();
  }

  /** An integer that fits a {@code byte}; a fraction or a value out of range is an error. */
  public static byte byteValue(JsonNode node, String path) {
    if (node != null && node.isInt() && (byte) node.intValue() == node.intValue()) {
      return (byte) node.intValue();
    }
    return integral(node, path, (long) Byte.MIN_VALUE, (long) Byte.MAX_VALUE).byteValueExact();
  }

  /** An integer of at most {@value #MAX_DIGITS} digits. */
  public static BigInteger bigInteger(JsonNode node, String path) {
    return integral(node, path, null, null).toBigIntegerExact();
  }

  /** A finite number as a {@code double}. */
  public static double doubleValue(JsonNode node, String path) {
    double value = number(node, path).doubleValue();
    if (!Double.isFinite(value)) {
      throw wrong(path, DOUBLE_RANGE, node);
    }
    return value;
  }

  /** A number that is finite as a {@code float}. */
  public static float floatValue(JsonNode node, String path) {
    float value = number(node, path).floatValue();
    if (!Float.isFinite(value)) {
      throw wrong(path, FLOAT_RANGE, node);
    }
    return value;
  }

  /** A finite number, exactly as written. */
  public static BigDecimal bigDecimal(JsonNode node, String path) {
    JsonNode number = number(node, path);
    if (!isFinite(number)) {
      throw wrong(path, "a number", node);
    }
    return number.decimalValue();
  }

  /** An integer, or empty when the value was left out. */
  public static OptionalInt optionalInt(JsonNode node, String path) {
    return isAbsent(node) ? OptionalInt.empty() : OptionalInt.of(intValue(node, path));
  }

  /** An integer, or empty when the value was left out. */
  public static OptionalLong optionalLong(JsonNode node, String path) {
    return isAbsent(node) ? OptionalLong.empty() : OptionalLong.of(longValue(node, path));
  }

  /** A number, or empty when the value was left out. */
  public static OptionalDouble optionalDouble(JsonNode node, String path) {
    return isAbsent(node) ? OptionalDouble.empty() : OptionalDouble.of(doubleValue(node, path));
  }

  /** A date, ISO-8601 ({@code 2024-05-31}). */
  public static LocalDate localDate(JsonNode node, String path) {
    return temporal(node, path, LocalDate::parse, "an ISO-8601 date like 2024-05-31");
  }

  /** A date and time, ISO-8601 ({@code 2024-05-31T14:30:00}). */
  public static LocalDateTime localDateTime(JsonNode node, String path) {
    return temporal(
        node, path, LocalDateTime::parse, "an ISO-8601 date and time like 2024-05-31T14:30:00");
  }

  /** A time, ISO-8601 ({@code 14:30:00}). */
  public static LocalTime localTime(JsonNode node, String path) {
    return temporal(node, path, LocalTime::parse, "an ISO-8601 time like 14:30:00");
  }

  /** An instant, ISO-8601 in UTC ({@code 2024-05-31T14:30:00Z}). */
  public static Instant instant(JsonNode node, String path) {
    return temporal(node, path, Instant::parse, "an ISO-8601 instant like 2024-05-31T14:30:00Z");
  }

  /** A date and time with an offset, ISO-8601 ({@code 2024-05-31T14:30:00+02:00}). */
  public static OffsetDateTime offsetDateTime(JsonNode node, String path) {
    return temporal(
        node,
        path,
        OffsetDateTime::parse,
        "an ISO-8601 date and time with an offset like 2024-05-31T14:30:00+02:00");
  }

  /**
   * A date and time with an offset and, optionally, a zone ({@code
   * 2024-05-31T14:30:00+02:00[Europe/Paris]}).
   */
  public static ZonedDateTime zonedDateTime(JsonNode node, String path) {
    return temporal(
        node,
        path,
        ZonedDateTime::parse,
        "an ISO-8601 date and time with an offset like 2024-05-31T14:30:00+02:00"
            + " or 2024-05-31T14:30:00+02:00[Europe/Paris]");
  }

  /** A duration, ISO-8601 ({@code PT1H30M}). */
  public static Duration duration(JsonNode node, String path) {
    return temporal(node, path, Duration::parse, "an ISO-8601 duration like PT1H30M");
  }

  /** A period, ISO-8601 ({@code P1Y2M10D}). */
  public static Period period(JsonNode node, String path) {
    return temporal(node, path, Period::parse, "an ISO-8601 period like P1Y2M10D");
  }

  /**
   * The error for a string that names no constant of an enum: generated readers switch over the
   * constant names and throw this when none matches.
   */
  public static IllegalArgumentException notOneOf(JsonNode node, String path, String... names) {
    return wrong(path, "one of " + Arrays.toString(names), node);
  }

  // ---- writing

  /**
   * A string node of {@code value}'s {@code toString()}: for {@code String}, {@code char} and the
   * {@code java.time} types, whose {@code toString()} is ISO-8601.
   */
  public static JsonNode textNode(Object value) {
    return value == null ? NullNode.getInstance() : NODES.textNode(value.toString());
  }

  /** A string node of the constant's name (not its {@code toString()}, which may be overridden). */
  public static JsonNode enumNode(Enum<?> value) {
    return value == null ? NullNode.getInstance() : NODES.textNode(value.name());
  }

  /** A boolean node, or JSON null for {@code null}. */
  public static JsonNode booleanNode(Boolean value) {
    return value == null ? NullNode.getInstance() : NODES.booleanNode(value);
  }

  /** A number node of a {@code long}. */
  public static JsonNode numberNode(long value) {
    return NODES.numberNode(value);
  }

  /** A number node of a {@code double}. */
  public static JsonNode numberNode(double value) {
    return NODES.numberNode(value);
  }

  /** A number node of a {@code float}. */
  public static JsonNode numberNode(float value) {
    return NODES.numberNode(value);
  }

  /** A number node of a boxed number, {@code BigInteger} or {@code BigDecimal}. */
  public static JsonNode numberNode(Number value) {
    if (value == null) {
      return NullNode.getInstance();
    }
    if (value instanceof BigDecimal decimal) {
      return NODES.numberNode(decimal);
    }
    if (value instanceof BigInteger integer) {
      return NODES.numberNode(integer);
    }
    if (value instanceof Double || value instanceof Float) {
      return NODES.numberNode(value.doubleValue());
    }
    return NODES.numberNode(value.longValue());
  }

  /** A number node, or JSON null when empty or {@code null}. */
  public static JsonNode numberNode(OptionalInt value) {
    return value == null || value.isEmpty()
        ? NullNode.getInstance()
        : NODES.numberNode(value.getAsInt());
  }

  /** A number node, or JSON null when empty or {@code null}. */
  public static JsonNode numberNode(OptionalLong value) {
    return value == null || value.isEmpty()
        ? NullNode.getInstance()
        : NODES.numberNode(value.getAsLong());
  }

  /** A number node, or JSON null when empty or {@code null}. */
  public static JsonNode numberNode(OptionalDouble value) {
    return value == null || value.isEmpty()
        ? NullNode.getInstance()
        : NODES.numberNode(value.getAsDouble());
  }

  /**
   * Sets property {@code name} unless {@code value} is absent, leaving out nulls and empty
   * optionals as the shared {@link dev.cadre.core.Json} mapper does.
   */
  public static void put(ObjectNode object, String name, JsonNode value) {
    if (!isAbsent(value)) {
      object.set(name, value);
    }
  }

  /**
   * A tool result as the model reads it: compact JSON, or the empty string for an absent value (as
   * a tool returning {@code null} gives).
   */
  public static String render(JsonNode node) {
    if (isAbsent(node)) {
      return "";
    }
    // The common results are written here: JsonNode.toString() builds a mapper of its own on first
    // use, a large part of a cold start (scenario 5 of BENCHMARKS.md), and writes them alike.
    if (node.isIntegralNumber() || node.isBoolean()) {
      return node.asText();
    }
    if (node.isTextual()) {
      StringBuilder quoted = new StringBuilder(node.textValue().length() + 2).append('"');
      JsonStringEncoder.getInstance().quoteAsString(node.textValue(), quoted);
      return quoted.append('"').toString();
    }
    // JsonNode.toString() writes valid JSON (Jackson 2.10+) with the default settings.
    return node.toString();
  }

  // ---- internals

  private static void present(JsonNode node, String path) {
    if (isAbsent(node)) {
      throw ArgumentException.missing(path);
    }
  }

  /** A number node, finite or not. */
  private static JsonNode number(JsonNode node, String path) {
    present(node, path);
    if (!node.isNumber()) {
      throw wrong(path, "a number", node);
    }
    return node;
  }

  /**
   * Whether a number node holds a number: Jackson reads a literal too large for a double, such as
   * {@code 1e400}, as infinity.
   */
  static boolean isFinite(JsonNode number) {
    return !(number.isDouble() || number.isFloat()) || Double.isFinite(number.doubleValue());
  }

  /** An integral number (2.0 counts, as in JSON Schema) between min and max when given. */
  private static BigDecimal integral(JsonNode node, String path, Long min, Long max) {
    present(node, path);
    if (!node.isNumber()) {
      throw wrong(path, "an integer", node);
    }
    if (!isFinite(node)) {
      throw wrong(path, range(min, max), node);
    }
    BigDecimal value = node.decimalValue();
    if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
      throw wrong(path, "an integer", node);
    }
    if (min != null
        && (value.compareTo(BigDecimal.valueOf(min)) < 0
            || value.compareTo(BigDecimal.valueOf(max)) > 0)) {
      throw wrong(path, range(min, max), node);
    }
    if (min == null && value.precision() - value.scale() > MAX_DIGITS) {
      throw wrong(path, "an integer of at most " + MAX_DIGITS + " digits", node);
    }
    return value.setScale(0);
  }

  private static String range(Long min, Long max) {
    return min == null ? "an integer" : "an integer from " + min + " to " + max;
  }

  private static <T> T temporal(
      JsonNode node, String path, Function<String, T> parse, String expected) {
    present(node, path);
    if (!node.isTextual()) {
      throw wrong(path, expected, node);
    }
    try {
      return parse.apply(node.textValue());
    } catch (DateTimeException e) {
      throw wrong(path, expected, node);
    }
  }

  private static ArgumentException wrong(String path, String expected, JsonNode node) {
    return ArgumentException.wrong(path, "must be " + expected + ", got " + Excerpts.json(node));
  }
}
