package dev.cadre.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a model's tool arguments against the tool's parameter schema before the tool runs, and
 * says what is wrong in sentences the model can act on: {@code missing required argument 'city'},
 * {@code argument 'days' must be an integer, got "three"}.
 *
 * <p>It understands the part of JSON Schema that {@link JsonSchemas} writes: {@code type} (one or a
 * list; {@code integer} is a number with no fractional part), {@code properties}, {@code required},
 * {@code additionalProperties} ({@code false} or a schema), {@code items}, {@code enum}, and {@code
 * minLength}/{@code maxLength}. Other keywords are ignored rather than guessed at. A {@code null}
 * given for a property that is not required counts as leaving it out, because models often write
 * optional arguments that way. A number too large for a {@code double} ({@code 1e400}, which
 * Jackson holds as infinity) is neither an {@code integer} nor a {@code number}.
 *
 * <p>What it says is bounded, however much is wrong: the first {@value #MAX_PROBLEMS} problems
 * (fewer if they are long), then how many more there are; long names and values are cut with {@code
 * ...}.
 */
public final class ToolArguments {

  /** The most problems {@link #validate} lists; the rest are counted. */
  public static final int MAX_PROBLEMS = 20;

  /** The most characters one problem takes. */
  static final int MAX_PROBLEM = 300;

  /** The characters the listed problems may take together, beyond which the rest are counted. */
  static final int MAX_LISTED = 3000;

  /** The most characters a list of names (of properties, of enum constants) takes. */
  private static final int MAX_NAMES = 200;

  private ToolArguments() {}

  /**
   * How {@code arguments} breaks {@code schema}, each problem naming the argument's path (e.g.
   * {@code order.items[1].price}); empty if it conforms. At most {@value #MAX_PROBLEMS} problems
   * are listed, in document order, each cut to a few hundred characters; when there are more, the
   * last item says how many: {@code and 49980 more problems (50000 in all)}.
   */
  public static List<String> validate(JsonNode arguments, JsonNode schema) {
    Objects.requireNonNull(arguments, "arguments");
    Objects.requireNonNull(schema, "schema");
    Problems problems = new Problems();
    check(arguments, schema, ArgumentPath.ROOT, problems);
    return problems.list();
  }

  /** The first problems found, and a count of all of them. */
  private static final class Problems {
    private final List<String> listed = new ArrayList<>();
    private int total;
    private int chars;

    /**
     * Counts one more problem and says whether to list it; a problem that is not listed is never
     * written out, so a flood of them costs no more than counting.
     */
    boolean add() {
      total++;
      return listed.size() < MAX_PROBLEMS && chars < MAX_LISTED;
    }

    void list(String problem) {
      String cut = Excerpts.cut(problem, MAX_PROBLEM);
      listed.add(cut);
      chars += cut.length();
    }

    List<String> list() {
      if (total > listed.size()) {
        int more = total - listed.size();
        listed.add(
            "and " + more + " more problem" + (more == 1 ? "" : "s") + " (" + total + " in all)");
      }
      return List.copyOf(listed);
    }
  }

  private static void check(JsonNode value, JsonNode schema, ArgumentPath path, Problems problems) {
    if (!schema.isObject()) {
      return; // true or {} in a hand-written schema: anything goes
    }
    JsonNode type = schema.get("type");
    if (type != null && !matchesType(value, type)) {
      if (problems.add()) {
        problems.list(
            subject(path) + " must be " + describeType(type) + ", got " + Excerpts.json(value));
      }
      return;
    }
    JsonNode constants = schema.get("enum");
    if (constants != null && constants.isArray() && !contains(constants, value)) {
      if (problems.add()) {
        problems.list(
            subject(path)
                + " must be one of "
                + listed(constants)
                + ", got "
                + Excerpts.json(value));
      }
      return;
    }
    if (value.isTextual()) {
      checkLength(value, schema, path, problems);
    } else if (value.isObject()) {
      checkObject(value, schema, path, problems);
    } else if (value.isArray()) {
      JsonNode items = schema.get("items");
      if (items != null) {
        for (int i = 0; i < value.size(); i++) {
          check(value.get(i), items, path.index(i), problems);
        }
      }
    }
  }

  private static void checkObject(
      JsonNode value, JsonNode schema, ArgumentPath path, Problems problems) {
    JsonNode properties = schema.path("properties");
    for (JsonNode name : schema.path("required")) {
      JsonNode present = value.get(name.asText());
      if ((present == null || (present.isNull() && !acceptsNull(properties.path(name.asText()))))
          && problems.add()) {
        problems.list("missing required argument '" + path.field(name.asText()) + "'");
      }
    }
    JsonNode additional = schema.get("additionalProperties");
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      String name = field.getKey();
      JsonNode fieldValue = field.getValue();
      JsonNode propertySchema = properties.get(name);
      if (propertySchema != null) {
        // A null the schema does not allow is either a missing required argument (said above)
        // or an optional one left out.
        if (!fieldValue.isNull() || acceptsNull(propertySchema)) {
          check(fieldValue, propertySchema, path.field(name), problems);
        }
      } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
        if (problems.add()) {
          problems.list(
              "unexpected argument '"
                  + path.field(name)
                  + "'; "
                  + (properties.isEmpty()
                      ? "no arguments are allowed here"
                      : "expected only " + names(properties)));
        }
      } else if (additional != null && additional.isObject()) {
        check(fieldValue, additional, path.field(name), problems);
      }
    }
  }

  private static void checkLength(
      JsonNode value, JsonNode schema, ArgumentPath path, Problems problems) {
    JsonNode min = schema.get("minLength");
    JsonNode max = schema.get("maxLength");
    if (min == null && max == null) {
      return;
    }
    String text = value.textValue();
    int length = text.codePointCount(0, text.length());
    String problem = null;
    if (min != null && max != null && min.asInt() == max.asInt() && length != min.asInt()) {
      problem = "must be exactly " + min.asInt() + " character(s) long";
    } else if (min != null && length < min.asInt()) {
      problem = "must be at least " + min.asInt() + " character(s)";
    } else if (max != null && length > max.asInt()) {
      problem = "must be at most " + max.asInt() + " character(s)";
    }
    if (problem != null && problems.add()) {
      problems.list(subject(path) + " " + problem + ", got " + Excerpts.json(value));
    }
  }

  private static boolean acceptsNull(JsonNode schema) {
    JsonNode type = schema.get("type");
    return type == null || matchesType(NullNode.getInstance(), type);
  }

  private static boolean matchesType(JsonNode value, JsonNode type) {
    if (type.isArray()) {
      for (JsonNode one : type) {
        if (matchesType(value, one)) {
          return true;
        }
      }
      return false;
    }
    switch (type.asText()) {
      case "object":
        return value.isObject();
      case "array":
        return value.isArray();
      case "string":
        return value.isTextual();
      case "boolean":
        return value.isBoolean();
      case "null":
        return value.isNull();
      case "number":
        return value.isNumber() && JsonValues.isFinite(value);
      case "integer":
        return isInteger(value);
      default:
        return true; // a type this validator does not know: let the tool judge
    }
  }

  /** JSON Schema counts 2.0 as an integer, and Jackson reads it into an int. */
  private static boolean isInteger(JsonNode value) {
    if (value.isIntegralNumber()) {
      return true;
    }
    if (value.isDouble() || value.isFloat()) {
      double number = value.doubleValue();
      return Double.isFinite(number) && number == Math.rint(number);
    }
    return value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0;
  }

  private static String describeType(JsonNode type) {
    if (type.isArray()) {
      List<String> each = new ArrayList<>();
      type.forEach(one -> each.add(describeType(one)));
      return String.join(" or ", each);
    }
    switch (type.asText()) {
      case "object":
        return "an object";
      case "array":
        return "an array";
      case "integer":
        return "an integer";
      case "null":
        return "null";
      default:
        return "a " + type.asText();
    }
  }

  private static boolean contains(JsonNode constants, JsonNode value) {
    for (JsonNode constant : constants) {
      if (constant.equals(value)
          || (constant.isNumber() && value.isNumber() && constant.asDouble() == value.asDouble())) {
        return true;
      }
    }
    return false;
  }

  private static String listed(JsonNode constants) {
    List<String> each = new ArrayList<>();
    constants.forEach(c -> each.add(c.isTextual() ? c.asText() : c.toString()));
    return Excerpts.cut(each.toString(), MAX_NAMES);
  }

  private static String names(JsonNode properties) {
    List<String> each = new ArrayList<>();
    properties.fieldNames().forEachRemaining(each::add);
    return Excerpts.cut(each.toString(), MAX_NAMES);
  }

  private static String subject(ArgumentPath path) {
    return path.isRoot() ? "the arguments" : "argument '" + path + "'";
  }
}
