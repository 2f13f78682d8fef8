package dev.cadre.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Json#parse} reads a tree without building the mapper, and must read the very tree the
 * mapper's {@code readTree} gives: the same node classes, numbers and keys, for any text.
 */
class JsonTreesTest {

  @Test
  void readsTheTreeTheMapperReadsForTheEdgesOfJson() throws Exception {
    List<String> texts =
        List.of(
            "{}",
            "[]",
            "\"text \\u00e9 \\ud83d\\ude00 \\n\"",
            "0",
            "-0",
            "2147483647",
            "2147483648",
            "-2147483649",
            "9223372036854775807",
            "9223372036854775808",
            "123456789012345678901234567890",
            "1.5",
            "-0.0",
            "1e3",
            "1E-7",
            "1e400",
            "true",
            "false",
            "null",
            "{\"a\":1,\"a\":2}",
            "{\"nested\":{\"list\":[1,2.5,\"x\",null,[],{}]},\"\":\"empty key\"}",
            "  [1, [2, [3, [4]]]]  ");
    for (String text : texts) {
      assertSameTree(text);
    }
    assertThat(Json.parse("2147483648")).isInstanceOf(LongNode.class);
    assertThat(Json.parse("7")).isInstanceOf(IntNode.class);
    assertThat(Json.parse("9223372036854775808")).isInstanceOf(BigIntegerNode.class);
    assertThat(Json.parse("1e3")).isInstanceOf(DoubleNode.class);
    assertThat(Json.parse("{\"a\":1,\"a\":2}").get("a").asInt()).isEqualTo(2);
  }

  @Test
  void readsTheTreeTheMapperReadsForRandomDocuments() throws Exception {
    Random random = new Random(16);
    for (int i = 0; i < 2_000; i++) {
      assertSameTree(document(random, 0));
    }
  }

  @Test
  void rejectsWhatTheMapperRejectsAndTextAfterTheValue() throws Exception {
    for (String text : List.of("{", "[1,]", "{\"a\" 1}", "nul", "{\"a\":1}}", "01", "\"open")) {
      assertThatThrownBy(() -> Json.parse(text))
          .as(text)
          .isInstanceOf(JsonProcessingException.class);
      assertThatThrownBy(() -> Json.mapper().readTree(text))
          .as(text)
          .isInstanceOf(JsonProcessingException.class);
    }
    assertThatThrownBy(() -> Json.parse("{} {}"))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("unexpected text after the JSON value");
    assertThat(Json.parse(" ").isMissingNode()).isTrue();
  }

  private static void assertSameTree(String text) throws Exception {
    JsonNode ours = Json.parse(text);
    JsonNode mappers = Json.mapper().readTree(text);
    assertThat(ours).as(text).isEqualTo(mappers);
    assertSameClasses(ours, mappers, text);
  }

  private static void assertSameClasses(JsonNode ours, JsonNode mappers, String text) {
    assertThat(ours.getClass()).as("node class in %s", text).isEqualTo(mappers.getClass());
    for (int i = 0; i < ours.size(); i++) {
      if (ours.isArray()) {
        assertSameClasses(ours.get(i), mappers.get(i), text);
      }
    }
    ours.fieldNames()
        .forEachRemaining(name -> assertSameClasses(ours.get(name), mappers.get(name), text));
  }

  private static String document(Random random, int depth) {
    int kind = random.nextInt(depth > 3 ? 6 : 8);
    switch (kind) {
      case 0:
        return Integer.toString(random.nextInt());
      case 1:
        return Long.toString(random.nextLong());
      case 2:
        return random.nextDouble() * Math.pow(10, random.nextInt(40) - 20) + "";
      case 3:
        char letter = (char) ('a' + random.nextInt(26));
        return "\"" + letter + "\\u00" + Integer.toHexString(0xa0 + random.nextInt(0x5f)) + "\"";
      case 4:
        return random.nextBoolean() ? "true" : "null";
      case 5:
        return "1" + "0".repeat(random.nextInt(30));
      case 6:
        StringBuilder array = new StringBuilder("[");
        for (int i = random.nextInt(4); i > 0; i--) {
          array.append(document(random, depth + 1)).append(i > 1 ? "," : "");
        }
        return array.append(']').toString();
      default:
        StringBuilder object = new StringBuilder("{");
        for (int i = random.nextInt(4); i > 0; i--) {
          object
              .append("\"k")
              .append(random.nextInt(3))
              .append("\":")
              .append(document(random, depth + 1))
              .append(i > 1 ? "," : "");
        }
        return object.append('}').toString();
    }
  }
}
