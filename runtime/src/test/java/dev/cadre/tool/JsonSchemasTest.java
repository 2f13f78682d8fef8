package dev.cadre.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonSchemasTest {

  enum Unit {
    CELSIUS,
    FAHRENHEIT
  }

  record Price(BigDecimal amount, String currency) {}

  record Item(String sku, int quantity, Optional<Price> price) {}

  record Order(
      long id,
      List<Item> items,
      Map<String, String> tags,
      Optional<String> note,
      OptionalInt priority,
      Unit unit) {}

  record Loose(Object value) {}

  record BadItem(String sku, Object price) {}

  record BadOrder(List<BadItem> items) {}

  record IntKeys(Map<Integer, String> byNumber) {}

  @SuppressWarnings("rawtypes")
  record Raw(List values) {}

  record Wild(List<? extends Number> values) {}

  record Node(String name, List<Node> children) {}

  record A(B b) {}

  record B(Optional<A> a) {}

  record Holder(Runnable action) {}

  // Fields whose generic types the tests hand to JsonSchemas.of.
  static List<String> listOfString;
  static Set<Integer> setOfInteger;
  static Collection<Boolean> collectionOfBoolean;
  static Map<String, List<Double>> mapOfLists;
  static Optional<Unit> optionalUnit;
  static List<String>[] arrayOfLists;
  static ArrayList<String> arrayListOfString;
  static TreeMap<String, Integer> treeMapOfInteger;
  static Page<String> pageOfString;

  record Page<T>(List<T> items) {}

  static Type typeOf(String field) throws NoSuchFieldException {
    return JsonSchemasTest.class.getDeclaredField(field).getGenericType();
  }

  static JsonNode json(String text) throws Exception {
    return Json.parse(text.replace('\'', '"'));
  }

  static List<Arguments> simpleTypes() {
    return List.of(
        Arguments.of(int.class, "{'type':'integer'}"),
        Arguments.of(Integer.class, "{'type':'integer'}"),
        Arguments.of(long.class, "{'type':'integer'}"),
        Arguments.of(Long.class, "{'type':'integer'}"),
        Arguments.of(short.class, "{'type':'integer'}"),
        Arguments.of(byte.class, "{'type':'integer'}"),
        Arguments.of(double.class, "{'type':'number'}"),
        Arguments.of(Float.class, "{'type':'number'}"),
        Arguments.of(BigDecimal.class, "{'type':'number'}"),
        Arguments.of(boolean.class, "{'type':'boolean'}"),
        Arguments.of(Boolean.class, "{'type':'boolean'}"),
        Arguments.of(String.class, "{'type':'string'}"),
        Arguments.of(char.class, "{'type':'string','minLength':1,'maxLength':1}"),
        Arguments.of(Character.class, "{'type':'string','minLength':1,'maxLength':1}"),
        Arguments.of(OptionalInt.class, "{'type':'integer'}"),
        Arguments.of(OptionalDouble.class, "{'type':'number'}"),
        Arguments.of(Unit.class, "{'type':'string','enum':['CELSIUS','FAHRENHEIT']}"),
        Arguments.of(int[].class, "{'type':'array','items':{'type':'integer'}}"),
        Arguments.of(
            String[][].class,
            "{'type':'array','items':{'type':'array','items':{'type':'string'}}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("simpleTypes")
  void mapsSimpleTypes(Type type, String expected) throws Exception {
    assertThat((JsonNode) JsonSchemas.of(type)).isEqualTo(json(expected));
  }

  @Test
  void mapsGenericContainers() throws Exception {
    assertThat((JsonNode) JsonSchemas.of(typeOf("listOfString")))
        .isEqualTo(json("{'type':'array','items':{'type':'string'}}"));
    assertThat((JsonNode) JsonSchemas.of(typeOf("setOfInteger")))
        .isEqualTo(json("{'type':'array','items':{'type':'integer'}}"));
    assertThat((JsonNode) JsonSchemas.of(typeOf("collectionOfBoolean")))
        .isEqualTo(json("{'type':'array','items':{'type':'boolean'}}"));
    assertThat((JsonNode) JsonSchemas.of(typeOf("mapOfLists")))
        .isEqualTo(
            json(
                "{'type':'object','additionalProperties':"
                    + "{'type':'array','items':{'type':'number'}}}"));
    assertThat((JsonNode) JsonSchemas.of(typeOf("optionalUnit")))
        .isEqualTo(json("{'type':'string','enum':['CELSIUS','FAHRENHEIT']}"));
    assertThat((JsonNode) JsonSchemas.of(typeOf("arrayListOfString")))
        .isEqualTo(json("{'type':'array','items':{'type':'string'}}"));
    assertThat((JsonNode) JsonSchemas.of(typeOf("treeMapOfInteger")))
        .isEqualTo(json("{'type':'object','additionalProperties':{'type':'integer'}}"));
    assertThat((JsonNode) JsonSchemas.of(typeOf("arrayOfLists")))
        .isEqualTo(json("{'type':'array','items':{'type':'array','items':{'type':'string'}}}"));
  }

  @Test
  void mapsNestedRecordsWithOptionalComponentsNotRequired() throws Exception {
    String price =
        "{'type':'object','properties':{'amount':{'type':'number'},'currency':{'type':'string'}},"
            + "'required':['amount','currency'],'additionalProperties':false}";
    String item =
        "{'type':'object','properties':{'sku':{'type':'string'},'quantity':{'type':'integer'},"
            + "'price':"
            + price
            + "},'required':['sku','quantity'],'additionalProperties':false}";
    String order =
        "{'type':'object','properties':{"
            + "'id':{'type':'integer'},"
            + "'items':{'type':'array','items':"
            + item
            + "},"
            + "'tags':{'type':'object','additionalProperties':{'type':'string'}},"
            + "'note':{'type':'string'},"
            + "'priority':{'type':'integer'},"
            + "'unit':{'type':'string','enum':['CELSIUS','FAHRENHEIT']}},"
            + "'required':['id','items','tags','unit'],'additionalProperties':false}";

    ObjectNode schema = JsonSchemas.of(Order.class);

    assertThat((JsonNode) schema).isEqualTo(json(order));
    assertThat(schema.get("properties").fieldNames())
        .toIterable()
        .containsExactly("id", "items", "tags", "note", "priority", "unit");
  }

  @Test
  void sameRecordTwiceSideBySideIsNotRecursion() throws Exception {
    record Pair(Price first, Price second) {}

    assertThat(JsonSchemas.of(Pair.class).at("/properties/second/required"))
        .isEqualTo(json("['amount','currency']"));
  }

  static List<Arguments> unsupportedTypes() {
    return List.of(
        Arguments.of(Object.class, "Object: type java.lang.Object has no JSON schema mapping; use"),
        Arguments.of(Loose.class, "Loose.value: type java.lang.Object has no JSON schema mapping"),
        Arguments.of(
            BadOrder.class,
            "BadOrder.items[].price: type java.lang.Object has no JSON schema mapping; use a"
                + " record"),
        Arguments.of(
            IntKeys.class,
            "IntKeys.byNumber: type java.util.Map<java.lang.Integer, java.lang.String> has no JSON"
                + " schema mapping; JSON object keys are strings; use Map<String, V>"),
        Arguments.of(
            Raw.class,
            "Raw.values: type java.util.List has no JSON schema mapping; give its type arguments"),
        Arguments.of(
            Wild.class,
            "Wild.values[]: type ? extends java.lang.Number has no JSON schema mapping; use a"
                + " concrete type argument"),
        Arguments.of(
            Holder.class,
            "Holder.action: type java.lang.Runnable has no JSON schema mapping; an interface"),
        Arguments.of(byte[].class, "byte[]: type byte[] has no JSON schema mapping"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupportedTypes")
  void rejectsUnsupportedTypesNamingThePath(Type type, String message) {
    assertThatThrownBy(() -> JsonSchemas.of(type))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void rejectsGenericRecords() {
    assertThatThrownBy(() -> JsonSchemas.of(typeOf("pageOfString")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("generic records are not supported");
  }

  @Test
  void rejectsRecursiveRecordsNamingThePath() {
    assertThatThrownBy(() -> JsonSchemas.of(Node.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Node.children[]: record " + Node.class.getName() + " contains itself");
    assertThatThrownBy(() -> JsonSchemas.of(A.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("A.b.a: record " + A.class.getName() + " contains itself");
  }

  @Test
  void buildsHandWrittenSchemas() throws Exception {
    ObjectNode schema =
        JsonSchemas.object()
            .description("a forecast request")
            .property("city", JsonSchemas.string(), "City name", true)
            .property("days", JsonSchemas.integer(), null, false)
            .property("unit", JsonSchemas.enumOf("C", "F"), "Unit", false)
            .property("scores", JsonSchemas.arrayOf(JsonSchemas.number()), "Scores")
            .property("strict", JsonSchemas.describe(JsonSchemas.bool(), "Be strict"), null)
            .build();

    assertThat((JsonNode) schema)
        .isEqualTo(
            json(
                "{'type':'object','description':'a forecast request','properties':{"
                    + "'city':{'type':'string','description':'City name'},"
                    + "'days':{'type':'integer'},"
                    + "'unit':{'type':'string','enum':['C','F'],'description':'Unit'},"
                    + "'scores':{'type':'array','items':{'type':'number'},"
                    + "'description':'Scores'},"
                    + "'strict':{'type':'boolean','description':'Be strict'}},"
                    + "'required':['city','scores','strict'],'additionalProperties':false}"));
  }

  @Test
  void objectBuilderRejectsDuplicateAndEmptyNames() {
    JsonSchemas.ObjectBuilder builder =
        JsonSchemas.object().property("city", JsonSchemas.string(), null);

    assertThatThrownBy(() -> builder.property("city", JsonSchemas.string(), null))
        .hasMessage("property 'city' is defined twice");
    assertThatThrownBy(() -> builder.property("", JsonSchemas.string(), null))
        .hasMessage("a property name must not be empty");
    assertThatThrownBy(() -> JsonSchemas.enumOf("A", "A")).hasMessageContaining("unique");
  }

  @Test
  void describeLeavesTheOriginalAlone() {
    ObjectNode original = JsonSchemas.string();

    ObjectNode described = JsonSchemas.describe(original, "why");

    assertThat(described.get("description").asText()).isEqualTo("why");
    assertThat(original.has("description")).isFalse();
  }
}
