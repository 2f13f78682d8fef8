package dev.cadre.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class JsonValuesTest {

  static JsonNode json(String text) throws Exception {
    return Json.parse(text.replace('\'', '"'));
  }

  @Test
  void pathsJoinFieldsAndIndexes() {
    assertThat(JsonValues.field("", "order")).isEqualTo("order");
    assertThat(JsonValues.field(JsonValues.index("order.items", 2), "price"))
        .isEqualTo("order.items[2].price");
  }

  @Test
  void readsScalars() throws Exception {
    assertThat(JsonValues.text(json("'hi'"), "a")).isEqualTo("hi");
    assertThat(JsonValues.charValue(json("'x'"), "a")).isEqualTo('x');
    assertThat(JsonValues.booleanValue(json("true"), "a")).isTrue();
    assertThat(JsonValues.intValue(json("42"), "a")).isEqualTo(42);
    assertThat(JsonValues.intValue(json("2.0"), "a")).isEqualTo(2);
    assertThat(JsonValues.longValue(json("9007199254740993"), "a")).isEqualTo(9007199254740993L);
    assertThat(JsonValues.shortValue(json("-7"), "a")).isEqualTo((short) -7);
    assertThat(JsonValues.byteValue(json("127"), "a")).isEqualTo((byte) 127);
    assertThat(JsonValues.doubleValue(json("1.5"), "a")).isEqualTo(1.5);
    assertThat(JsonValues.floatValue(json("3"), "a")).isEqualTo(3f);
    assertThat(JsonValues.bigDecimal(json("0.1"), "a")).isEqualByComparingTo("0.1");
    assertThat(JsonValues.bigInteger(json("1e3"), "a")).isEqualTo(BigInteger.valueOf(1000));
  }

  @Test
  void primitiveOptionalsAreEmptyWhenLeftOutOrNull() throws Exception {
    assertThat(JsonValues.optionalInt(null, "a")).isEqualTo(OptionalInt.empty());
    assertThat(JsonValues.optionalLong(json("null"), "a")).isEqualTo(OptionalLong.empty());
    assertThat(JsonValues.optionalDouble(json("2.5"), "a")).isEqualTo(OptionalDouble.of(2.5));
    assertThat(JsonValues.optionalInt(json("3"), "a")).isEqualTo(OptionalInt.of(3));
  }

  @Test
  void readsJavaTimeFromIso8601() throws Exception {
    assertThat(JsonValues.localDate(json("'2024-05-31'"), "a"))
        .isEqualTo(LocalDate.of(2024, 5, 31));
    assertThat(JsonValues.localDateTime(json("'2024-05-31T14:30'"), "a"))
        .isEqualTo(LocalDateTime.of(2024, 5, 31, 14, 30));
    assertThat(JsonValues.localTime(json("'14:30:05'"), "a")).isEqualTo(LocalTime.of(14, 30, 5));
    assertThat(JsonValues.instant(json("'2024-05-31T12:00:00Z'"), "a"))
        .isEqualTo(Instant.parse("2024-05-31T12:00:00Z"));
    assertThat(JsonValues.offsetDateTime(json("'2024-05-31T14:30:00+02:00'"), "a"))
        .isEqualTo(OffsetDateTime.of(2024, 5, 31, 14, 30, 0, 0, ZoneOffset.ofHours(2)));
    assertThat(JsonValues.zonedDateTime(json("'2024-05-31T14:30:00+02:00[Europe/Paris]'"), "a"))
        .isEqualTo(ZonedDateTime.parse("2024-05-31T14:30:00+02:00[Europe/Paris]"));
    assertThat(JsonValues.duration(json("'PT1H30M'"), "a")).isEqualTo(Duration.ofMinutes(90));
    assertThat(JsonValues.period(json("'P1Y2M10D'"), "a")).isEqualTo(Period.of(1, 2, 10));
  }

  @Test
  void badJavaTimeTextSaysWhatWasExpected() throws Exception {
    assertThatThrownBy(() -> JsonValues.localDate(json("'tomorrow'"), "when"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("argument 'when' must be an ISO-8601 date like 2024-05-31, got \"tomorrow\"");
    assertThatThrownBy(() -> JsonValues.localDate(json("'2024-02-30'"), "when"))
        .hasMessage("argument 'when' must be an ISO-8601 date like 2024-05-31, got \"2024-02-30\"");
    assertThatThrownBy(() -> JsonValues.duration(json("90"), "wait"))
        .hasMessage("argument 'wait' must be an ISO-8601 duration like PT1H30M, got 90");
    assertThatThrownBy(() -> JsonValues.zonedDateTime(json("'2024-05-31T10:00Z[Mars/Base]'"), "t"))
        .hasMessageStartingWith("argument 't' must be an ISO-8601 date and time with an offset");
  }

  @Test
  void wrongShapesNameThePathAndTheValue() throws Exception {
    assertThatThrownBy(() -> JsonValues.text(json("3"), "order.note"))
        .hasMessage("argument 'order.note' must be a string, got 3");
    assertThatThrownBy(() -> JsonValues.intValue(json("'three'"), "days"))
        .hasMessage("argument 'days' must be an integer, got \"three\"");
    assertThatThrownBy(() -> JsonValues.intValue(json("2.5"), "days"))
        .hasMessage("argument 'days' must be an integer, got 2.5");
    assertThatThrownBy(() -> JsonValues.intValue(json("3000000000"), "days"))
        .hasMessage(
            "argument 'days' must be an integer from -2147483648 to 2147483647, got 3000000000");
    assertThatThrownBy(() -> JsonValues.byteValue(json("128"), "b"))
        .hasMessage("argument 'b' must be an integer from -128 to 127, got 128");
    assertThatThrownBy(() -> JsonValues.charValue(json("'ab'"), "c"))
        .hasMessage("argument 'c' must be a single character, got \"ab\"");
    assertThatThrownBy(() -> JsonValues.booleanValue(json("'yes'"), "ok"))
        .hasMessage("argument 'ok' must be a boolean, got \"yes\"");
    assertThatThrownBy(() -> JsonValues.object(json("[]"), "order"))
        .hasMessage("argument 'order' must be an object, got []");
    assertThatThrownBy(() -> JsonValues.array(json("{}"), ""))
        .hasMessage("the value must be an array, got {}");
    assertThatThrownBy(() -> JsonValues.intValue(json("'" + "x".repeat(100) + "'"), "long"))
        .hasMessage("argument 'long' must be an integer, got \"" + "x".repeat(56) + "...");
  }

  @Test
  void missingValuesAreReportedAsTheValidatorDoes() throws Exception {
    ObjectNode arguments = (ObjectNode) json("{'note':null}");
    assertThatThrownBy(() -> JsonValues.text(arguments.get("city"), "city"))
        .hasMessage("missing required argument 'city'");
    assertThatThrownBy(() -> JsonValues.text(arguments.get("note"), "note"))
        .hasMessage("missing required argument 'note'");
    assertThatThrownBy(() -> JsonValues.object(null, "")).hasMessage("a value is missing");
    assertThat(JsonValues.isAbsent(arguments.get("note"))).isTrue();
    assertThat(JsonValues.isAbsent(arguments.path("other"))).isTrue();
    assertThat(JsonValues.isAbsent(json("0"))).isFalse();
  }

  @Test
  void notOneOfListsTheConstants() throws Exception {
    assertThat(JsonValues.notOneOf(json("'kelvin'"), "unit", "CELSIUS", "FAHRENHEIT"))
        .hasMessage("argument 'unit' must be one of [CELSIUS, FAHRENHEIT], got \"kelvin\"");
  }

  enum Unit {
    CELSIUS {
      @Override
      public String toString() {
        return "°C";
      }
    }
  }

  @Test
  void writesScalarsAndNulls() throws Exception {
    assertThat(JsonValues.textNode("hi")).isEqualTo(json("'hi'"));
    assertThat(JsonValues.textNode('x')).isEqualTo(json("'x'"));
    assertThat(JsonValues.textNode(LocalDate.of(2024, 5, 31))).isEqualTo(json("'2024-05-31'"));
    assertThat(JsonValues.textNode(Duration.ofMinutes(90))).isEqualTo(json("'PT1H30M'"));
    assertThat(JsonValues.enumNode(Unit.CELSIUS)).isEqualTo(json("'CELSIUS'"));
    assertThat(JsonValues.booleanNode(true)).isEqualTo(json("true"));
    assertThat(JsonValues.numberNode(3).toString()).isEqualTo("3");
    assertThat(JsonValues.numberNode(1.5f).toString()).isEqualTo("1.5");
    assertThat(JsonValues.numberNode(0.1).toString()).isEqualTo("0.1");
    assertThat(JsonValues.numberNode(Integer.valueOf(7)).toString()).isEqualTo("7");
    assertThat(JsonValues.numberNode(new BigDecimal("1.10")).toString()).isEqualTo("1.10");
    assertThat(JsonValues.numberNode(new BigInteger("123456789012345678901234567890")).toString())
        .isEqualTo("123456789012345678901234567890");
    assertThat(JsonValues.numberNode(OptionalInt.of(4)).toString()).isEqualTo("4");
    assertThat(JsonValues.numberNode(OptionalDouble.empty()).isNull()).isTrue();
    assertThat(JsonValues.textNode(null).isNull()).isTrue();
    assertThat(JsonValues.enumNode(null).isNull()).isTrue();
    assertThat(JsonValues.booleanNode(null).isNull()).isTrue();
    assertThat(JsonValues.numberNode((Number) null).isNull()).isTrue();
  }

  @Test
  void putLeavesAbsentValuesOutAsTheSharedMapperDoes() throws Exception {
    record Row(String a, String b, Optional<String> c) {}
    ObjectNode object = Json.object();
    JsonValues.put(object, "a", JsonValues.textNode("x"));
    JsonValues.put(object, "b", JsonValues.textNode(null));
    JsonValues.put(object, "c", null);

    assertThat(object.toString()).isEqualTo(Json.write(new Row("x", null, Optional.empty())));
  }

  @Test
  void renderWritesCompactJsonAndNothingForAbsentValues() throws Exception {
    assertThat(JsonValues.render(json("{'a':[1,'two']}"))).isEqualTo("{\"a\":[1,\"two\"]}");
    assertThat(JsonValues.render(json("null"))).isEmpty();
    assertThat(JsonValues.render(null)).isEmpty();
  }

  @Test
  void parsesSchemaText() {
    ObjectNode schema =
        JsonSchemas.object().property("when", JsonSchemas.string(), "a day").build();
    assertThat(JsonSchemas.parse(schema.toString())).isEqualTo(schema);
    assertThatThrownBy(() -> JsonSchemas.parse("{\"type\":"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("a JSON schema must be valid JSON: ");
    assertThatThrownBy(() -> JsonSchemas.parse("[1]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a JSON schema must be a JSON object, got ARRAY");
    assertThatThrownBy(() -> JsonSchemas.parse(""))
        .hasMessage("a JSON schema must be a JSON object, got nothing");
  }

  // ---- numbers no Java type holds, and names no message should echo whole

  private static final String TOO_LARGE =
      "a number too large to hold (above 1.7976931348623157E308)";

  @Test
  void numbersTooLargeForADoubleAreOutOfRangeForEveryType() throws Exception {
    JsonNode huge = json("1e400");
    assertThatThrownBy(() -> JsonValues.intValue(huge, "n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "argument 'n' must be an integer from -2147483648 to 2147483647, got " + TOO_LARGE);
    assertThatThrownBy(() -> JsonValues.longValue(json("-1e400"), "n"))
        .hasMessage(
            "argument 'n' must be an integer from -9223372036854775808 to 9223372036854775807,"
                + " got a number too large to hold (below -1.7976931348623157E308)");
    assertThatThrownBy(() -> JsonValues.doubleValue(huge, "x"))
        .hasMessage(
            "argument 'x' must be a number from -1.7976931348623157E308 to"
                + " 1.7976931348623157E308, got "
                + TOO_LARGE);
    assertThatThrownBy(() -> JsonValues.bigDecimal(huge, "x"))
        .hasMessage("argument 'x' must be a number, got " + TOO_LARGE);
    assertThatThrownBy(() -> JsonValues.bigInteger(huge, "x"))
        .hasMessage("argument 'x' must be an integer, got " + TOO_LARGE);
    assertThatThrownBy(() -> JsonValues.optionalDouble(huge, "x"))
        .hasMessageStartingWith("argument 'x' must be a number from");
  }

  @Test
  void numbersBeyondAFloatOrSmallIntegerAreOutOfRange() throws Exception {
    assertThatThrownBy(() -> JsonValues.floatValue(json("1e300"), "f"))
        .hasMessage(
            "argument 'f' must be a number from -3.4028235E38 to 3.4028235E38, got 1.0E300");
    assertThatThrownBy(() -> JsonValues.shortValue(json("40000"), "s"))
        .hasMessage("argument 's' must be an integer from -32768 to 32767, got 40000");
    assertThatThrownBy(() -> JsonValues.byteValue(json("200.0"), "b"))
        .hasMessage("argument 'b' must be an integer from -128 to 127, got 200.0");
    assertThatThrownBy(() -> JsonValues.longValue(json("99999999999999999999"), "l"))
        .hasMessageStartingWith("argument 'l' must be an integer from -9223372036854775808");
    // Rounding to the nearest value a type holds is not a range problem.
    assertThat(JsonValues.doubleValue(json("1e-400"), "x")).isZero();
    assertThat(JsonValues.floatValue(json("1e-50"), "x")).isZero();
    assertThat(JsonValues.floatValue(json("3.4028235E38"), "x")).isEqualTo(Float.MAX_VALUE);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void anIntegerTooLongToWriteOutIsRefused() {
    JsonNode huge = DecimalNode.valueOf(new BigDecimal("1e999999999"));
    assertThatThrownBy(() -> JsonValues.bigInteger(huge, "n"))
        .hasMessage("argument 'n' must be an integer of at most 1000 digits, got 1E+999999999");
    assertThat(JsonValues.bigDecimal(huge, "n")).isEqualByComparingTo("1e999999999");
  }

  @Test
  void longNamesAreCutInPaths() throws Exception {
    String name = "k".repeat(1_000_000);
    assertThat(JsonValues.field("counts", name)).isEqualTo("counts." + "k".repeat(61) + "...");
    assertThatThrownBy(() -> JsonValues.intValue(json("'x'"), JsonValues.field("", name)))
        .hasMessage("argument '" + "k".repeat(61) + "...' must be an integer, got \"x\"");
  }

  @Test
  void renderWritesScalarsAsTheirJsonLikeToStringDoes() {
    for (JsonNode node :
        java.util.List.of(
            JsonValues.numberNode(5L),
            JsonValues.numberNode(-9_223_372_036_854_775_808L),
            JsonValues.numberNode(new BigInteger("123456789012345678901234567890")),
            JsonValues.booleanNode(true),
            JsonValues.textNode("plain"),
            JsonValues.textNode("quote \" backslash \\ tab \t newline \n bell \u0007"),
            JsonValues.textNode("\u00e9 \ud83d\ude00"),
            JsonValues.numberNode(1.5),
            JsonValues.numberNode(Double.NaN))) {
      assertThat(JsonValues.render(node)).as("%s", node).isEqualTo(node.toString());
    }
  }
}
