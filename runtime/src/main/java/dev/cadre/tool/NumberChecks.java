package dev.cadre.tool;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Checks, before Jackson reads a tool's arguments into its record ({@link Tool#fromRecord}), that
 * every number fits the Java type it goes to, in {@link JsonValues}' words, as generated bindings
 * say it: {@code argument 'nights' must be an integer from -2147483648 to 2147483647, got
 * 3000000000}. Jackson alone would read {@code 1e300} into a {@code float} as infinity and {@code
 * 200.0} into a {@code byte} as -56.
 *
 * <p>Built once per record type, with {@code java.lang.reflect}, when the tool is defined
 * (JsonSchemas has already accepted the type); a call then visits only the parts of its arguments
 * that hold numbers.
 */
abstract class NumberChecks {

  private NumberChecks() {}

  /** The checks for a value of {@code type}, or null when no number goes into one. */
  static NumberChecks of(Type type) {
    if (type instanceof Class<?> raw) {
      return ofClass(raw);
    }
    if (type instanceof GenericArrayType array) {
      return each(of(array.getGenericComponentType()));
    }
    if (type instanceof ParameterizedType parameterized) {
      Class<?> raw = (Class<?>) parameterized.getRawType();
      Type[] arguments = parameterized.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw)) {
        return each(of(arguments[0]));
      }
      if (raw == Optional.class) {
        return of(arguments[0]);
      }
      if (Map.class.isAssignableFrom(raw)) {
        return each(of(arguments[1]));
      }
    }
    return null;
  }

  /** Checks {@code node}, the value at {@code path}; absent values are for others to judge. */
  abstract void check(JsonNode node, ArgumentPath path);

  private static NumberChecks ofClass(Class<?> type) {
    if (type == int.class || type == Integer.class || type == OptionalInt.class) {
      return new Leaf(JsonValues::intValue);
    }
    if (type == long.class || type == Long.class || type == OptionalLong.class) {
      return new Leaf(JsonValues::longValue);
    }
    if (type == short.class || type == Short.class) {
      return new Leaf(JsonValues::shortValue);
    }
    if (type == byte.class || type == Byte.class) {
      return new Leaf(JsonValues::byteValue);
    }
    if (type == double.class || type == Double.class || type == OptionalDouble.class) {
      return new Leaf(JsonValues::doubleValue);
    }
    if (type == float.class || type == Float.class) {
      return new Leaf(JsonValues::floatValue);
    }
    if (type == BigInteger.class) {
      return new Leaf(JsonValues::bigInteger);
    }
    if (type == BigDecimal.class) {
      return new Leaf(JsonValues::bigDecimal);
    }
    if (type.isArray()) {
      return each(of(type.getComponentType()));
    }
    if (type.isRecord()) {
      Map<String, NumberChecks> fields = new LinkedHashMap<>();
      for (RecordComponent component : type.getRecordComponents()) {
        NumberChecks checks = of(component.getGenericType());
        if (checks != null) {
          fields.put(component.getName(), checks);
        }
      }
      return fields.isEmpty() ? null : new Fields(fields);
    }
    return null;
  }

  private static NumberChecks each(NumberChecks checks) {
    return checks == null ? null : new Each(checks);
  }

  /** One of {@link JsonValues}' readers, run for its checks. */
  private interface Reader {
    void read(JsonNode node, String path);
  }

  private static final class Leaf extends NumberChecks {
    private final Reader reader;

    Leaf(Reader reader) {
      this.reader = reader;
    }

    @Override
    void check(JsonNode node, ArgumentPath path) {
      if (JsonValues.isAbsent(node)) {
        return;
      }
      try {
        reader.read(node, ""); // the path is written out only if the value is wrong
      } catch (ArgumentException e) {
        throw e.at(path.toString());
      }
    }
  }

  private static final class Fields extends NumberChecks {
    private final Map<String, NumberChecks> fields;

    Fields(Map<String, NumberChecks> fields) {
      this.fields = fields;
    }

    @Override
    void check(JsonNode node, ArgumentPath path) {
      if (node != null && node.isObject()) {
        for (Map.Entry<String, NumberChecks> field : fields.entrySet()) {
          field.getValue().check(node.get(field.getKey()), path.field(field.getKey()));
        }
      }
    }
  }

  /** The same checks for every element of an array, or every value of an object (a map). */
  private static final class Each extends NumberChecks {
    private final NumberChecks each;

    Each(NumberChecks each) {
      this.each = each;
    }

    @Override
    void check(JsonNode node, ArgumentPath path) {
      if (node == null) {
        return;
      }
      if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          each.check(node.get(i), path.index(i));
        }
      } else if (node.isObject()) {
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
          each.check(entry.getValue(), path.field(entry.getKey()));
        }
      }
    }
  }
}
