package dev.cadre.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * JSON schemas for tool arguments and structured output: derived from a Java type with {@link
 * #of(Type)}, or written by hand with the small builders ({@link #string()}, {@link #object()}...).
 *
 * <p>The mapping is the one the annotation processor applies at compile time: primitives and their
 * boxes, {@code String}, {@code char}, enums (by constant name), records (every component that is
 * not an {@code Optional} is required; no other properties allowed), {@code List}/{@code
 * Set}/{@code Collection} and arrays, {@code Map<String, V>}, and {@code Optional} of any of these.
 * Anything else is rejected with the path that leads to it, so a bad type is found when a tool is
 * defined rather than when a model calls it.
 *
 * <p>{@link #of(Type)} inspects records with {@code java.lang.reflect}. That is acceptable only
 * because it runs once, when a tool is set up; nothing here is used on the call path, and generated
 * code gets its schemas from the processor instead.
 *
 * <p>Every method returns a fresh node, so callers may change what they get.
 */
public final class JsonSchemas {

  private static final String SUPPORTED =
      "use a record, String, a primitive or its box, an enum, List<T>, Set<T>, an array,"
          + " Map<String, V> or Optional<T>";

  private JsonSchemas() {}

  /**
   * The schema of {@code type}.
   *
   * @throws IllegalArgumentException if {@code type}, or any type it contains, has no JSON mapping;
   *     the message gives the path to it, e.g. {@code Order.items[].price}
   */
  public static ObjectNode of(Type type) {
    Objects.requireNonNull(type, "type");
    return of(type, displayName(type));
  }

  /** The schema of {@code type}, with error paths starting at {@code path} (may be empty). */
  static ObjectNode of(Type type, String path) {
    return new Mapper().schema(type, path, new ArrayDeque<>());
  }

  /**
   * The schema written as JSON text, e.g. a constant the annotation processor wrote at compile
   * time.
   *
   * @throws IllegalArgumentException if {@code json} is not valid JSON or not a JSON object
   */
  public static ObjectNode parse(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode parsed;
    try {
      parsed = Json.parse(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "a JSON schema must be valid JSON: " + e.getOriginalMessage(), e);
    }
    if (!(parsed instanceof ObjectNode schema)) {
      throw new IllegalArgumentException(
          "a JSON schema must be a JSON object, got "
              + (parsed == null || parsed.isMissingNode() ? "nothing" : parsed.getNodeType()));
    }
    return schema;
  }

  /** {@code {"type": "string"}}. */
  public static ObjectNode string() {
    return typed("string");
  }

  /** {@code {"type": "integer"}}: a JSON number with no fractional part. */
  public static ObjectNode integer() {
    return typed("integer");
  }

  /** {@code {"type": "number"}}. */
  public static ObjectNode number() {
    return typed("number");
  }

  /** {@code {"type": "boolean"}}. */
  public static ObjectNode bool() {
    return typed("boolean");
  }

  /** {@code {"type": "array", "items": items}}. */
  public static ObjectNode arrayOf(ObjectNode items) {
    Objects.requireNonNull(items, "items");
    ObjectNode schema = typed("array");
    schema.set("items", items.deepCopy());
    return schema;
  }

  /**
   * A JSON object with any keys whose values all match {@code values}: a {@code Map<String, V>}.
   */
  public static ObjectNode mapOf(ObjectNode values) {
    Objects.requireNonNull(values, "values");
    ObjectNode schema = typed("object");
    schema.set("additionalProperties", values.deepCopy());
    return schema;
  }

  /** A string that must be one of {@code values}. */
  public static ObjectNode enumOf(String... values) {
    return enumOf(List.of(values));
  }

  /** A string that must be one of {@code values}. */
  public static ObjectNode enumOf(List<String> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("an enum schema needs at least one value");
    }
    if (new LinkedHashSet<>(values).size() != values.size()) {
      throw new IllegalArgumentException("enum values must be unique, got " + values);
    }
    ObjectNode schema = string();
    ArrayNode constants = schema.putArray("enum");
    values.forEach(constants::add);
    return schema;
  }

  /**
   * A copy of {@code schema} with a {@code description}, the words a model reads to know what the
   * value is for. A blank or null description keeps the one {@code schema} has, if any.
   */
  public static ObjectNode describe(ObjectNode schema, String description) {
    Objects.requireNonNull(schema, "schema");
    ObjectNode copy = schema.deepCopy();
    if (description != null && !description.isBlank()) {
      copy.put("description", description);
    }
    return copy;
  }

  /** Starts a schema of {@code "type": "object"} that allows no properties but the ones given. */
  public static ObjectBuilder object() {
    return new ObjectBuilder();
  }

  /**
   * Builds an object schema property by property, in order. Property names must be non-empty and
   * unique.
   */
  public static final class ObjectBuilder {
    private final ObjectNode properties = Json.object();
    private final List<String> required = new ArrayList<>();
    private String description;

    private ObjectBuilder() {}

    /** The description of the object itself. */
    public ObjectBuilder description(String description) {
      this.description = description;
      return this;
    }

    /** Adds a required property. */
    public ObjectBuilder property(String name, ObjectNode schema, String description) {
      return property(name, schema, description, true);
    }

    /**
     * Adds a property.
     *
     * @param description what the property is for, or null
     * @param required whether the object must have it
     */
    public ObjectBuilder property(
        String name, ObjectNode schema, String description, boolean required) {
      Objects.requireNonNull(schema, "schema of property '" + name + "'");
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("a property name must not be empty");
      }
      if (properties.has(name)) {
        throw new IllegalArgumentException("property '" + name + "' is defined twice");
      }
      properties.set(name, describe(schema, description));
      if (required) {
        this.required.add(name);
      }
      return this;
    }

    /** The object schema: its properties, and which of them are required. */
    public ObjectNode build() {
      ObjectNode schema = typed("object");
      if (description != null && !description.isBlank()) {
        schema.put("description", description);
      }
      schema.set("properties", properties.deepCopy());
      ArrayNode names = schema.putArray("required");
      required.forEach(names::add);
      schema.put("additionalProperties", false);
      return schema;
    }
  }

  private static ObjectNode typed(String type) {
    ObjectNode schema = Json.object();
    schema.put("type", type);
    return schema;
  }

  /** Walks one type; the stack of records being mapped is what catches recursion. */
  private static final class Mapper {

    ObjectNode schema(Type type, String path, Deque<Class<?>> records) {
      if (type instanceof Class<?> raw) {
        return classSchema(raw, path, records);
      }
      if (type instanceof ParameterizedType parameterized) {
        return parameterizedSchema(parameterized, path, records);
      }
      if (type instanceof GenericArrayType array) {
        return arrayOf(schema(array.getGenericComponentType(), path + "[]", records));
      }
      if (type instanceof WildcardType) {
        throw unsupported(path, type, "use a concrete type argument instead of a wildcard");
      }
      if (type instanceof TypeVariable<?>) {
        throw unsupported(
            path, type, "a type variable has no schema of its own; use a concrete type");
      }
      throw unsupported(path, type, SUPPORTED);
    }

    private ObjectNode classSchema(Class<?> type, String path, Deque<Class<?>> records) {
      if (type == String.class) {
        return string();
      }
      if (type == char.class || type == Character.class) {
        ObjectNode schema = string();
        schema.put("minLength", 1);
        schema.put("maxLength", 1);
        return schema;
      }
      if (type == boolean.class || type == Boolean.class) {
        return bool();
      }
      if (type == int.class
          || type == Integer.class
          || type == long.class
          || type == Long.class
          || type == short.class
          || type == Short.class
          || type == byte.class
          || type == Byte.class
          || type == BigInteger.class
          || type == OptionalInt.class
          || type == OptionalLong.class) {
        return integer();
      }
      if (type == double.class
          || type == Double.class
          || type == float.class
          || type == Float.class
          || type == BigDecimal.class
          || type == OptionalDouble.class) {
        return number();
      }
      if (type.isEnum()) {
        List<String> names = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
          names.add(((Enum<?>) constant).name());
        }
        return enumOf(names);
      }
      if (type.isRecord()) {
        return recordSchema(type, path, records);
      }
      if (type == byte[].class) {
        // Jackson writes byte[] as a base64 string, so an array-of-integers schema would lie.
        throw unsupported(path, type, "use a String (e.g. base64) or List<Integer>");
      }
      if (type.isArray()) {
        return arrayOf(schema(type.getComponentType(), path + "[]", records));
      }
      if (Collection.class.isAssignableFrom(type)
          || Map.class.isAssignableFrom(type)
          || type == Optional.class) {
        throw unsupported(
            path, type, "give its type arguments, e.g. List<String> or Map<String, Integer>");
      }
      if (type.isInterface()) {
        throw unsupported(
            path, type, "an interface has no fixed set of properties; use a record instead");
      }
      throw unsupported(path, type, SUPPORTED);
    }

    private ObjectNode parameterizedSchema(
        ParameterizedType type, String path, Deque<Class<?>> records) {
      Class<?> raw = (Class<?>) type.getRawType();
      Type[] arguments = type.getActualTypeArguments();
      // Jackson reads any standard collection or map class; the interfaces are the usual case.
      if (Collection.class.isAssignableFrom(raw) && arguments.length == 1) {
        return arrayOf(schema(arguments[0], path + "[]", records));
      }
      if (raw == Optional.class) {
        return schema(arguments[0], path, records);
      }
      if (raw.isRecord()) {
        throw unsupported(
            path, type, "generic records are not supported; use a record without type parameters");
      }
      if (Map.class.isAssignableFrom(raw) && arguments.length == 2) {
        if (arguments[0] != String.class) {
          throw unsupported(path, type, "JSON object keys are strings; use Map<String, V> instead");
        }
        return mapOf(schema(arguments[1], path + "{}", records));
      }
      throw unsupported(path, type, SUPPORTED);
    }

    private ObjectNode recordSchema(Class<?> type, String path, Deque<Class<?>> records) {
      if (records.contains(type)) {
        throw new IllegalArgumentException(
            path
                + ": record "
                + type.getName()
                + " contains itself, and recursive types have no JSON schema mapping here;"
                + " break the cycle, e.g. with a List of ids or a flat record");
      }
      records.push(type);
      try {
        ObjectBuilder object = object();
        for (RecordComponent component : type.getRecordComponents()) {
          Type componentType = component.getGenericType();
          object.property(
              component.getName(),
              schema(
                  componentType,
                  path.isEmpty() ? component.getName() : path + "." + component.getName(),
                  records),
              null,
              !isOptional(componentType));
        }
        return object.build();
      } finally {
        records.pop();
      }
    }

    private static boolean isOptional(Type type) {
      Class<?> raw =
          type instanceof ParameterizedType parameterized
              ? (Class<?>) parameterized.getRawType()
              : type instanceof Class<?> c ? c : null;
      return raw == Optional.class
          || raw == OptionalInt.class
          || raw == OptionalLong.class
          || raw == OptionalDouble.class;
    }

    private static IllegalArgumentException unsupported(String path, Type type, String advice) {
      return new IllegalArgumentException(
          (path.isEmpty() ? "" : path + ": ")
              + "type "
              + type.getTypeName()
              + " has no JSON schema mapping; "
              + advice);
    }
  }

  /** The name a path starts with: the simple name of the outer type. */
  private static String displayName(Type type) {
    if (type instanceof Class<?> c) {
      return c.getSimpleName().isEmpty() ? c.getName() : c.getSimpleName();
    }
    if (type instanceof ParameterizedType parameterized) {
      return displayName(parameterized.getRawType());
    }
    return type.getTypeName();
  }
}
