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
 * optional arguments that way.
 */
public final class ToolArguments {

  private static final int MAX_SHOWN = 60;

  private ToolArguments() {}

  /**
   * Every way {@code arguments} breaks {@code schema}, each naming the argument's path (e.g. {@code
   * order.items[1].price}); empty if it conforms.
   */
  public static List<String> validate(JsonNode arguments, JsonNode schema) {
    Objects.requireNonNull(arguments, "arguments");
    Objects.requireNonNull(schema, "schema");
    List<String> problems = new ArrayList<>();
    check(arguments, schema, "", problems);
    return List.copyOf(problems);
  }

  private static void check(JsonNode value, JsonNode schema, String path, List<String> problems) {
    if (!schema.isObject()) {
      return; // true or {} in a hand-written schema: anything goes
    }
    JsonNode type = schema.get("type");
    if (type != null && !matchesType(value, type)) {
      problems.add(subject(path) + " must be " + describeType(type) + ", got " + shown(value));
      return;
    }
    JsonNode constants = schema.get("enum");
    if (constants != null && constants.isArray() && !contains(constants, value)) {
      problems.add(
          subject(path) + " must be one of " + listed(constants) + ", got " + shown(value));
      return;
    }
    if (value.isTextual()) {
      checkLength(value.asText(), schema, path, problems);
    } else if (value.isObject()) {
      checkObject(value, schema, path, problems);
    } else if (value.isArray()) {
      JsonNode items = schema.get("items");
      if (items != null) {
        for (int i = 0; i < value.size(); i++) {
          check(value.get(i), items, path + "[" + i + "]", problems);
        }
      }
    }
  }

  private static void checkObject(
      JsonNode value, JsonNode schema, String path, List<String> problems) {
    JsonNode properties = schema.path("properties");
    for (JsonNode name : schema.path("required")) {
      JsonNode present = value.get(name.asText());
      if (present == null || (present.isNull() && !acceptsNull(properties.path(name.asText())))) {
        problems.add("missing required argument '" + child(path, name.asText()) + "'");
      }
    }
    JsonNode additional = schema.get("additionalProperties");
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      String name = field.getKey();
      JsonNode fieldValue = field.getValue();
      String fieldPath = child(path, name);
      JsonNode propertySchema = properties.get(name);
      if (propertySchema != null) {
        // A null the schema does not allow is either a missing required argument (said above)
        // or an optional one left out.
        if (!fieldValue.isNull() || acceptsNull(propertySchema)) {
          check(fieldValue, propertySchema, fieldPath, problems);
        }
      } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
        problems.add(
            "unexpected argument '"
                + fieldPath
                + "'; "
                + (properties.isEmpty()
                    ? "no arguments are allowed here"
                    : "expected only " + names(properties)));
      } else if (additional != null && additional.isObject()) {
        check(fieldValue, additional, fieldPath, problems);
      }
    }
  }

  private static void checkLength(
      String text, JsonNode schema, String path, List<String> problems) {
    int length = text.codePointCount(0, text.length());
    JsonNode min = schema.get("minLength");
    JsonNode max = schema.get("maxLength");
    if (min != null && max != null && min.asInt() == max.asInt() && length != min.asInt()) {
      problems.add(
          subject(path)
              + " must be exactly "
              + min.asInt()
              + " character(s) long, got "
              + shown(text));
    } else if (min != null && length < min.asInt()) {
      problems.add(
          subject(path) + " must be at least " + min.asInt() + " character(s), got " + shown(text));
    } else if (max != null && length > max.asInt()) {
      problems.add(
          subject(path) + " must be at most " + max.asInt() + " character(s), got " + shown(text));
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
        return value.isNumber();
      case "integer":
        // JSON Schema counts 2.0 as an integer, and Jackson reads it into an int.
        return value.isIntegralNumber()
            || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
      default:
        return true; // a type this validator does not know: let the tool judge
    }
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
    return each.toString();
  }

  private static String names(JsonNode properties) {
    List<String> each = new ArrayList<>();
    properties.fieldNames().forEachRemaining(each::add);
    return each.toString();
  }

  private static String subject(String path) {
    return path.isEmpty() ? "the arguments" : "argument '" + path + "'";
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String shown(JsonNode value) {
    return shorten(value.toString());
  }

  private static String shown(String text) {
    return shorten('"' + text + '"');
  }

  // Long values are cut: the model wrote them and needs only enough to recognise them.
  private static String shorten(String text) {
    return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN - 3) + "...";
  }
}
