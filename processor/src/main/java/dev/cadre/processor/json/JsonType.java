package dev.cadre.processor.json;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * A Java type that has a JSON mapping, as {@link JsonTypes} found it: what {@link Codecs} turns
 * into a schema, a reader and a writer. Each kind keeps the Java type it stands for, so generated
 * code can declare it.
 */
public sealed interface JsonType {

  /** The Java type this JSON type is read into and written from. */
  TypeName javaType();

  /** Whether the value may be left out (an {@code Optional} or one of its primitive kin). */
  default boolean optional() {
    return false;
  }

  /**
   * A single JSON value: a primitive or its box, {@code String}, {@code char}, {@code BigInteger},
   * {@code BigDecimal}, {@code OptionalInt}/{@code Long}/{@code Double}, or a {@code java.time}
   * type written as an ISO-8601 string.
   */
  record Scalar(Kind kind, TypeName javaType) implements JsonType {
    @Override
    public boolean optional() {
      return kind == Kind.OPTIONAL_INT
          || kind == Kind.OPTIONAL_LONG
          || kind == Kind.OPTIONAL_DOUBLE;
    }
  }

  /** An enum, as the names of its constants in declaration order. */
  record EnumType(ClassName javaType, List<String> constants) implements JsonType {
    public EnumType {
      constants = List.copyOf(constants);
    }
  }

  /** A record, as an object with one property per component, in component order. */
  record RecordType(ClassName javaType, List<Component> components) implements JsonType {
    public RecordType {
      components = List.copyOf(components);
    }
  }

  /** One record component: its name (the JSON property) and its type. */
  record Component(String name, JsonType type) {}

  /** {@code List<T>}, {@code Set<T>} or {@code Collection<T>}: a JSON array. */
  record CollectionType(Container container, JsonType element) implements JsonType {
    @Override
    public TypeName javaType() {
      return ParameterizedTypeName.get(container.javaType, element.javaType().box());
    }
  }

  /** A Java array {@code T[]}: a JSON array. */
  record ArrayType(JsonType element) implements JsonType {
    @Override
    public TypeName javaType() {
      return ArrayTypeName.of(element.javaType());
    }
  }

  /** {@code Map<String, V>}: a JSON object with any keys. */
  record MapType(JsonType value) implements JsonType {
    @Override
    public TypeName javaType() {
      return ParameterizedTypeName.get(
          ClassName.get("java.util", "Map"), ClassName.get(String.class), value.javaType().box());
    }
  }

  /** {@code Optional<T>}: the value of {@code T}, or nothing. */
  record OptionalType(JsonType value) implements JsonType {
    @Override
    public TypeName javaType() {
      return ParameterizedTypeName.get(
          ClassName.get("java.util", "Optional"), value.javaType().box());
    }

    @Override
    public boolean optional() {
      return true;
    }
  }

  /** The collection interfaces a JSON array maps to. */
  enum Container {
    LIST(ClassName.get("java.util", "List")),
    SET(ClassName.get("java.util", "Set")),
    COLLECTION(ClassName.get("java.util", "Collection"));

    final ClassName javaType;

    Container(ClassName javaType) {
      this.javaType = javaType;
    }
  }

  /**
   * The kinds of {@link Scalar}: the schema each has, and the {@code dev.cadre.tool.JsonValues}
   * methods that read and write it.
   */
  enum Kind {
    STRING("string", null, "text", "textNode"),
    /** A string of exactly one character. */
    CHAR("string", null, "charValue", "textNode"),
    BOOLEAN("boolean", null, "booleanValue", "booleanNode"),
    INT("integer", null, "intValue", "numberNode"),
    LONG("integer", null, "longValue", "numberNode"),
    SHORT("integer", null, "shortValue", "numberNode"),
    BYTE("integer", null, "byteValue", "numberNode"),
    DOUBLE("number", null, "doubleValue", "numberNode"),
    FLOAT("number", null, "floatValue", "numberNode"),
    BIG_INTEGER("integer", null, "bigInteger", "numberNode"),
    BIG_DECIMAL("number", null, "bigDecimal", "numberNode"),
    OPTIONAL_INT("integer", null, "optionalInt", "numberNode"),
    OPTIONAL_LONG("integer", null, "optionalLong", "numberNode"),
    OPTIONAL_DOUBLE("number", null, "optionalDouble", "numberNode"),
    LOCAL_DATE("string", "date", "localDate", "textNode"),
    // JSON Schema's "date-time" and "time" require an offset, so the local kinds get no format.
    LOCAL_DATE_TIME("string", null, "localDateTime", "textNode"),
    LOCAL_TIME("string", null, "localTime", "textNode"),
    INSTANT("string", "date-time", "instant", "textNode"),
    OFFSET_DATE_TIME("string", "date-time", "offsetDateTime", "textNode"),
    ZONED_DATE_TIME("string", "date-time", "zonedDateTime", "textNode"),
    DURATION("string", "duration", "duration", "textNode"),
    PERIOD("string", "duration", "period", "textNode");

    /** The JSON Schema {@code type}. */
    final String jsonType;

    /** The JSON Schema {@code format}, or null. */
    final String format;

    /** The {@code JsonValues} method that reads it. */
    final String reader;

    /** The {@code JsonValues} method that writes it. */
    final String writer;

    Kind(String jsonType, String format, String reader, String writer) {
      this.jsonType = jsonType;
      this.format = format;
      this.reader = reader;
      this.writer = writer;
    }
  }
}
