package dev.cadre.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ToolArgumentsTest {

  enum Unit {
    CELSIUS,
    FAHRENHEIT
  }

  record Price(double amount, String currency) {}

  record Item(String sku, int quantity, Optional<Price> price) {}

  record Order(
      String city,
      int days,
      Optional<Unit> unit,
      boolean express,
      char grade,
      List<Item> items,
      Map<String, Integer> counts) {}

  static final ObjectNode SCHEMA = JsonSchemas.of(Order.class);

  static List<String> problems(String arguments) throws Exception {
    return ToolArguments.validate(Json.parse(arguments.replace('\'', '"')), SCHEMA);
  }

  static final String VALID =
      "{'city':'Oslo','days':3,'unit':'CELSIUS','express':false,'grade':'A',"
          + "'items':[{'sku':'x','quantity':1,'price':{'amount':1.5,'currency':'EUR'}}],"
          + "'counts':{'a':1}}";

  @Test
  void acceptsConformingArguments() throws Exception {
    assertThat(problems(VALID)).isEmpty();
    assertThat(
            problems(
                "{'city':'Oslo','days':3.0,'express':true,'grade':'b','items':[],'counts':{}}"))
        .as("optional left out; 3.0 counts as an integer")
        .isEmpty();
    assertThat(
            problems(
                "{'city':'Oslo','days':3,'unit':null,'express':true,'grade':'b','items':[],"
                    + "'counts':{}}"))
        .as("null for an optional argument counts as leaving it out")
        .isEmpty();
  }

  @Test
  void reportsMissingRequiredArguments() throws Exception {
    assertThat(problems("{'days':3,'express':true,'grade':'A','items':[],'counts':{}}"))
        .containsExactly("missing required argument 'city'");
    assertThat(problems("{'city':null,'days':3,'express':true,'grade':'A','items':[],'counts':{}}"))
        .containsExactly("missing required argument 'city'");
  }

  @Test
  void reportsWrongTypes() throws Exception {
    assertThat(
            problems(
                "{'city':'Oslo','days':'three','express':1,'grade':'A','items':[],'counts':{}}"))
        .containsExactly(
            "argument 'days' must be an integer, got \"three\"",
            "argument 'express' must be a boolean, got 1");
    assertThat(
            problems(
                "{'city':'Oslo','days':1.5,'express':true,'grade':'A','items':{},'counts':[]}"))
        .containsExactly(
            "argument 'days' must be an integer, got 1.5",
            "argument 'items' must be an array, got {}",
            "argument 'counts' must be an object, got []");
    assertThat(problems("{'city':7,'days':1,'express':2.5,'grade':'A','items':[],'counts':{}}"))
        .containsExactly(
            "argument 'city' must be a string, got 7",
            "argument 'express' must be a boolean, got 2.5");
  }

  @Test
  void reportsEnumMismatch() throws Exception {
    assertThat(
            problems(
                "{'city':'Oslo','days':1,'unit':'kelvin','express':true,'grade':'A','items':[],"
                    + "'counts':{}}"))
        .containsExactly("argument 'unit' must be one of [CELSIUS, FAHRENHEIT], got \"kelvin\"");
  }

  @Test
  void reportsStringLength() throws Exception {
    assertThat(
            problems("{'city':'Oslo','days':1,'express':true,'grade':'AB','items':[],'counts':{}}"))
        .containsExactly("argument 'grade' must be exactly 1 character(s) long, got \"AB\"");
  }

  @Test
  void reportsUnexpectedArguments() throws Exception {
    assertThat(
            problems(
                "{'city':'Oslo','days':1,'express':true,'grade':'A','items':[],'counts':{},"
                    + "'country':'NO'}"))
        .containsExactly(
            "unexpected argument 'country'; expected only"
                + " [city, days, unit, express, grade, items, counts]");
  }

  @Test
  void reportsNestedPaths() throws Exception {
    assertThat(
            problems(
                "{'city':'Oslo','days':1,'express':true,'grade':'A',"
                    + "'items':[{'sku':'x','quantity':1},"
                    + "{'quantity':'2','price':{'amount':'cheap','currency':'EUR','tax':1}}],"
                    + "'counts':{'a':1,'b':'two'}}"))
        .containsExactly(
            "missing required argument 'items[1].sku'",
            "argument 'items[1].quantity' must be an integer, got \"2\"",
            "argument 'items[1].price.amount' must be a number, got \"cheap\"",
            "unexpected argument 'items[1].price.tax'; expected only [amount, currency]",
            "argument 'counts.b' must be an integer, got \"two\"");
  }

  @Test
  void reportsArgumentsThatAreNoObject() throws Exception {
    assertThat(problems("[1,2]")).containsExactly("the arguments must be an object, got [1,2]");
  }

  @Test
  void shortensLongValues() throws Exception {
    String longText = "x".repeat(200);
    List<String> problems =
        problems(
            "{'city':'Oslo','days':'"
                + longText
                + "','express':true,'grade':'A','items':[],'counts':{}}");

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0)).hasSizeLessThan(120).endsWith("...");
  }

  @Test
  void honoursTypeListsAndNullableTypesInHandWrittenSchemas() throws Exception {
    JsonNode schema =
        Json.parse(
            "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":[\"string\",\"integer\"]},"
                + "\"note\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"id\",\"note\"]}");

    assertThat(ToolArguments.validate(Json.parse("{\"id\":1,\"note\":null,\"x\":1}"), schema))
        .isEmpty();
    assertThat(ToolArguments.validate(Json.parse("{\"id\":true,\"note\":null}"), schema))
        .containsExactly("argument 'id' must be a string or an integer, got true");
  }

  // ---- hostile arguments: numbers no double holds, floods of problems, huge names

  @Test
  void numbersTooLargeForADoubleAreNeitherIntegersNorNumbers() throws Exception {
    ObjectNode schema =
        JsonSchemas.object()
            .property("n", JsonSchemas.integer(), null)
            .property("x", JsonSchemas.number(), null)
            .build();

    assertThat(ToolArguments.validate(Json.parse("{\"n\":1e400,\"x\":-1e400}"), schema))
        .containsExactly(
            "argument 'n' must be an integer, got a number too large to hold"
                + " (above 1.7976931348623157E308)",
            "argument 'x' must be a number, got a number too large to hold"
                + " (below -1.7976931348623157E308)");
    assertThat(ToolArguments.validate(Json.parse("{\"n\":1e20,\"x\":1e308}"), schema)).isEmpty();
    assertThat(ToolArguments.validate(Json.parse("{\"n\":2.5,\"x\":1}"), schema))
        .containsExactly("argument 'n' must be an integer, got 2.5");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aFloodOfProblemsIsListedInPartWithACount() throws Exception {
    ObjectNode schema =
        JsonSchemas.object()
            .property("values", JsonSchemas.arrayOf(JsonSchemas.integer()), null)
            .build();
    ObjectNode arguments = Json.object();
    ArrayNode values = arguments.putArray("values");
    for (int i = 0; i < 50_000; i++) {
      values.add("not a number " + i);
    }

    List<String> problems = ToolArguments.validate(arguments, schema);

    assertThat(problems).hasSize(21);
    assertThat(problems.get(0))
        .isEqualTo("argument 'values[0]' must be an integer, got \"not a number 0\"");
    assertThat(problems.get(20)).isEqualTo("and 49980 more problems (50000 in all)");
    assertThat(String.join("\n", problems).length()).isLessThan(4096);
  }

  @Test
  void longProblemsEndTheListSoonerWithinTheSameBound() throws Exception {
    JsonSchemas.ObjectBuilder builder = JsonSchemas.object();
    for (int i = 0; i < 60; i++) {
      builder.property("a_rather_long_property_name_" + i, JsonSchemas.string(), null, false);
    }
    ObjectNode arguments = Json.object();
    for (int i = 0; i < 1_000; i++) {
      arguments.put("extra" + i, i);
    }

    List<String> problems = ToolArguments.validate(arguments, builder.build());

    // Each says which 60 names are expected, cut short: fewer than 20 fit in the bound.
    assertThat(problems.get(0))
        .startsWith("unexpected argument 'extra0'; expected only [a_rather_long_property_name_0,")
        .endsWith("...");
    assertThat(problems).hasSizeLessThan(20);
    assertThat(problems.get(problems.size() - 1)).endsWith("more problems (1000 in all)");
    assertThat(String.join("\n", problems).length()).isLessThan(4096);
  }

  @Test
  void longNamesAndValuesAreCut() throws Exception {
    String name = "k".repeat(40_000);
    String value = "v".repeat(100_000);
    ObjectNode schema = JsonSchemas.mapOf(JsonSchemas.integer());

    List<String> problems =
        ToolArguments.validate(Json.parse("{\"" + name + "\":\"" + value + "\"}"), schema);

    assertThat(problems)
        .containsExactly(
            "argument '"
                + "k".repeat(61)
                + "...' must be an integer, got \""
                + "v".repeat(56)
                + "...");
    assertThat(
            ToolArguments.validate(
                Json.parse("{\"" + name + "\":1}"), JsonSchemas.object().build()))
        .containsExactly(
            "unexpected argument '" + "k".repeat(61) + "...'; no arguments are allowed" + " here");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void manyValuesUnderALongKeyValidateInLinearTime() throws Exception {
    ObjectNode schema = JsonSchemas.mapOf(JsonSchemas.arrayOf(JsonSchemas.integer()));
    StringBuilder text = new StringBuilder("{\"").append("k".repeat(40_000)).append("\":[");
    for (int i = 0; i < 50_000; i++) {
      text.append(i).append(',');
    }
    text.append("\"x\"]}");
    JsonNode arguments = Json.parse(text.toString());

    long started = System.nanoTime();
    List<String> problems = ToolArguments.validate(arguments, schema);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(problems)
        .containsExactly(
            "argument '" + "k".repeat(61) + "...[50000]' must be an integer, got \"x\"");
    // Copying the 40,000-character key into a path for each of 50,000 values took seconds.
    assertThat(millis).isLessThan(1_000);
  }
}
