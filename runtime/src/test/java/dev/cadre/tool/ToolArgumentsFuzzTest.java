package dev.cadre.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.JsonSlot;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tool arguments as a model might damage them, with a fixed seed, against a tool with a rich schema
 * bound two ways (a record, and {@link JsonValues} as generated bindings read): every call either
 * runs the tool with the values the model wrote, held exactly by their Java types, or returns an
 * invalid-arguments error the model reads, of bounded size. Nothing escapes the executor, and no
 * argument problem is reported as a failure of the tool.
 */
@Timeout(60)
class ToolArgumentsFuzzTest {

  private static final int CASES = 1_500;

  enum Level {
    LOW,
    HIGH
  }

  record Line(String sku, int quantity, double price, Optional<String> note) {}

  record Order(
      String customer,
      int count,
      long id,
      double total,
      float weight,
      short priority,
      byte flags,
      Level level,
      List<Line> lines,
      Map<String, Integer> tags,
      Optional<Level> fallback,
      OptionalInt limit,
      List<Long> ids,
      BigDecimal amount,
      char grade,
      boolean express) {}

  private final List<Order> orders = new CopyOnWriteArrayList<>();
  private final List<Map<String, Object>> read = new CopyOnWriteArrayList<>();

  /** The record binding. */
  private final Tool order =
      Tool.fromRecord(
          "order",
          "Places an order",
          Order.class,
          o -> {
            orders.add(o);
            return "ok";
          });

  /** The same parameters, read one by one as a generated binding reads them. */
  private final Tool bound =
      Tool.builder("bound")
          .parameter("count", int.class, null)
          .parameter("id", long.class, null)
          .parameter("total", double.class, null)
          .parameter("weight", float.class, null)
          .parameter("priority", short.class, null)
          .parameter("flags", byte.class, null)
          .parameter("level", Level.class, null)
          .optionalParameter("limit", OptionalInt.class, null)
          .parameter("amount", BigDecimal.class, null)
          .function(
              (args, ctx) -> {
                Map<String, Object> values = new LinkedHashMap<>();
                values.put("count", JsonValues.intValue(args.get("count"), "count"));
                values.put("id", JsonValues.longValue(args.get("id"), "id"));
                values.put("total", JsonValues.doubleValue(args.get("total"), "total"));
                values.put("weight", JsonValues.floatValue(args.get("weight"), "weight"));
                values.put("priority", JsonValues.shortValue(args.get("priority"), "priority"));
                values.put("flags", JsonValues.byteValue(args.get("flags"), "flags"));
                values.put("level", JsonValues.text(args.get("level"), "level"));
                values.put("limit", JsonValues.optionalInt(args.get("limit"), "limit"));
                values.put("amount", JsonValues.bigDecimal(args.get("amount"), "amount"));
                read.add(values);
                return "ok";
              })
          .build();

  private static final String VALID =
      "{\"customer\":\"Ada\",\"count\":3,\"id\":9007199254740993,\"total\":12.5,\"weight\":1.25,"
          + "\"priority\":2,\"flags\":7,\"level\":\"HIGH\","
          + "\"lines\":[{\"sku\":\"a-1\",\"quantity\":2,\"price\":3.5},"
          + "{\"sku\":\"b-2\",\"quantity\":1,\"price\":5.5,\"note\":\"gift\"}],"
          + "\"tags\":{\"rush\":1,\"fragile\":0},\"fallback\":\"LOW\",\"limit\":5,"
          + "\"ids\":[1,2,3],\"amount\":12.50,\"grade\":\"A\",\"express\":true}";

  @Test
  void everyCaseRunsWithExactValuesOrIsAnErrorTheModelReads() throws Exception {
    ToolExecutor executor = new ToolExecutor(List.of(order, bound));
    JsonNode valid = Json.parse(VALID);
    Random random = new Random(1515);
    int ran = 0;
    int refused = 0;

    for (int i = 0; i < CASES; i++) {
      String arguments = mutate(valid, random);
      String tool = i % 2 == 0 ? "order" : "bound";
      int before = orders.size() + read.size();

      ToolResult result =
          executor.execute(new ToolCall("c" + i, tool, arguments), CancellationToken.none());

      String label = tool + " #" + i + ": " + abbreviated(arguments);
      assertThat(result.content()).as(label).hasSizeLessThan(4096);
      if (result.error()) {
        refused++;
        assertThat(result.content())
            .as(label)
            .satisfiesAnyOf(
                text -> assertThat(text).startsWith("invalid arguments for tool '" + tool + "'"),
                text -> assertThat(text).startsWith("arguments of tool '" + tool + "'"));
        assertThat(orders.size() + read.size()).as(label).isEqualTo(before);
      } else {
        ran++;
        assertThat(orders.size() + read.size()).as(label).isEqualTo(before + 1);
        JsonNode written = Json.parse(arguments);
        if (tool.equals("order")) {
          assertExact(orders.get(orders.size() - 1), written, label);
        } else {
          assertExact(read.get(read.size() - 1), written, label);
        }
      }
    }

    assertThat(ran).isGreaterThan(CASES / 10);
    assertThat(refused).isGreaterThan(CASES / 3);
  }

  // ---- what ran got exactly what the model wrote

  private static void assertExact(Order order, JsonNode written, String label) {
    assertSame(order.count(), written.get("count"), label);
    assertSame(order.id(), written.get("id"), label);
    assertSame(order.total(), written.get("total"), label);
    assertSame(order.weight(), written.get("weight"), label);
    assertSame(order.priority(), written.get("priority"), label);
    assertSame(order.flags(), written.get("flags"), label);
    for (int i = 0; i < order.lines().size(); i++) {
      assertSame(
          order.lines().get(i).quantity(), written.get("lines").get(i).get("quantity"), label);
      assertSame(order.lines().get(i).price(), written.get("lines").get(i).get("price"), label);
    }
    for (int i = 0; i < order.ids().size(); i++) {
      assertSame(order.ids().get(i), written.get("ids").get(i), label);
    }
    order.tags().forEach((key, value) -> assertSame(value, written.get("tags").get(key), label));
  }

  private static void assertExact(Map<String, Object> values, JsonNode written, String label) {
    for (String name : List.of("count", "id", "total", "weight", "priority", "flags")) {
      assertSame((Number) values.get(name), written.get(name), label);
    }
    assertThat(((BigDecimal) values.get("amount")).compareTo(written.get("amount").decimalValue()))
        .as(label)
        .isZero();
  }

  /**
   * The Java value equals the JSON number: integers exactly, floating point as the nearest value of
   * its type (so nothing wrapped around or overflowed to infinity).
   */
  private static void assertSame(Number java, JsonNode json, String label) {
    assertThat(json).as(label).isNotNull();
    if (java instanceof Double value) {
      assertThat(value).as(label).isFinite().isEqualTo(json.doubleValue());
    } else if (java instanceof Float value) {
      assertThat(value).as(label).isFinite().isEqualTo((float) json.doubleValue());
    } else {
      assertThat(new BigDecimal(java.toString()).compareTo(json.decimalValue()))
          .as(label + ": " + java + " vs " + json)
          .isZero();
    }
  }

  // ---- the damage

  private static String mutate(JsonNode valid, Random random) {
    ObjectNode tree = valid.deepCopy();
    List<JsonSlot> slots = JsonSlot.all(tree);
    int kind = random.nextInt(10);
    if (kind < 4) {
      // Numbers where numbers go: at the edges of, and beyond, what each Java type holds.
      List<JsonSlot> numbers = slots.stream().filter(slot -> slot.get().isNumber()).toList();
      for (int c = 0; c < 1 + random.nextInt(2); c++) {
        numbers.get(random.nextInt(numbers.size())).set(number(random));
      }
      return tree.toString();
    }
    if (kind < 7) {
      JsonSlot slot = slots.get(random.nextInt(slots.size()));
      switch (random.nextInt(3)) {
        case 0 -> slot.set(hostile(random));
        case 1 -> slot.remove();
        default -> {
          if (slot.parent() instanceof ObjectNode object) {
            object.set("unexpected_" + random.nextInt(100), hostile(random));
          } else {
            ((ArrayNode) slot.parent()).add(hostile(random));
          }
        }
      }
      return tree.toString();
    }
    String text = tree.toString();
    switch (random.nextInt(3)) {
      case 0 -> {
        char[] chars = text.toCharArray();
        chars[random.nextInt(chars.length)] = (char) random.nextInt(128);
        return new String(chars);
      }
      case 1 -> {
        return text.substring(0, random.nextInt(text.length()));
      }
      default -> {
        List<String> tails = List.of(" DROP TABLE orders", "{}", text, " 1", "]", "\n");
        return text + tails.get(random.nextInt(tails.size()));
      }
    }
  }

  /** A number a model might write where any number goes. */
  private static JsonNode number(Random random) {
    String[] literals = {
      "1e400",
      "-1e400",
      "1e-400",
      "3000000000",
      "-2147483649",
      "2147483647",
      "99999999999999999999999",
      "9223372036854775808",
      "-9223372036854775808",
      "1e20",
      "2.5",
      "2.0",
      "-0.0",
      "0",
      "128",
      "-129",
      "32768",
      "200.0",
      "1e300",
      "3.4028235E38",
      "3.5e38",
      "1e-50",
      "0.1",
      "1.0000000000000000001",
      "123456789012345678901234567890.5",
      "1E+2",
      "-7"
    };
    try {
      return Json.parse(literals[random.nextInt(literals.length)]);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Any value a model might write where it should not. */
  private static JsonNode hostile(Random random) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    List<Supplier<JsonNode>> choices =
        List.of(
            () -> number(random),
            nodes::nullNode,
            () -> nodes.textNode("NaN"),
            () -> nodes.textNode("Infinity"),
            () -> nodes.textNode("high"),
            () -> nodes.textNode(""),
            () -> nodes.textNode("x".repeat(100_000)),
            () -> nodes.booleanNode(random.nextBoolean()),
            nodes::arrayNode,
            nodes::objectNode,
            () -> JsonSlot.nested(1 + random.nextInt(600), nodes.numberNode(1)),
            () -> nodes.objectNode().put("k".repeat(40_000), 1),
            () -> {
              ArrayNode many = nodes.arrayNode();
              for (int i = 0; i < 5_000; i++) {
                many.add("bad");
              }
              return many;
            });
    return choices.get(random.nextInt(choices.size())).get();
  }

  private static String abbreviated(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }
}
