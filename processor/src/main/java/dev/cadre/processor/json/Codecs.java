package dev.cadre.processor.json;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.lang.model.element.Modifier;

/**
 * Writes, for one generated class, the JSON schema of {@link JsonType}s as text and the code that
 * reads and writes their values without reflection.
 *
 * <p>Scalars are read and written by {@code dev.cadre.tool.JsonValues} calls inline; every enum,
 * record, collection, map, array and {@code Optional} gets a private static helper method ({@code
 * readOrder(JsonNode node, String path)}, {@code writeOrder(Order value)}), once per type, which
 * the generated class must include: {@link #helperMethods()}. Readers throw {@link
 * IllegalArgumentException} naming the JSON path of a value that is missing or has the wrong shape;
 * writers turn {@code null} into JSON {@code null} and leave absent record components out.
 *
 * <p>Output is deterministic: helpers come in the order their types were first asked for.
 */
public final class Codecs {

  private static final ClassName JSON_VALUES = ClassName.get("dev.cadre.tool", "JsonValues");
  private static final ClassName JSON = ClassName.get("dev.cadre.core", "Json");
  private static final ClassName JSON_NODE =
      ClassName.get("com.fasterxml.jackson.databind", "JsonNode");
  private static final ClassName OBJECT_NODE =
      ClassName.get("com.fasterxml.jackson.databind.node", "ObjectNode");
  private static final ClassName ARRAY_NODE =
      ClassName.get("com.fasterxml.jackson.databind.node", "ArrayNode");
  private static final ClassName NULL_NODE =
      ClassName.get("com.fasterxml.jackson.databind.node", "NullNode");
  private static final ClassName LIST = ClassName.get("java.util", "List");
  private static final ClassName ARRAY_LIST = ClassName.get("java.util", "ArrayList");
  private static final ClassName LINKED_HASH_SET = ClassName.get("java.util", "LinkedHashSet");
  private static final ClassName LINKED_HASH_MAP = ClassName.get("java.util", "LinkedHashMap");
  private static final ClassName MAP_ENTRY = ClassName.get("java.util", "Map", "Entry");
  private static final ClassName COLLECTIONS = ClassName.get("java.util", "Collections");
  private static final ClassName OPTIONAL = ClassName.get("java.util", "Optional");

  /**
   * One property of an object schema, e.g. a tool parameter.
   *
   * @param description what it means, for the model; null or blank for none
   */
  public record Property(String name, JsonType type, String description) {
    public Property {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type of " + name);
    }
  }

  // Helper methods by name, in the order first asked for; a null value is a helper being built.
  private final Map<String, MethodSpec> helpers = new LinkedHashMap<>();
  private final Map<TypeName, String> readers = new HashMap<>();
  private final Map<TypeName, String> writers = new HashMap<>();

  public Codecs() {}

  /**
   * The JSON schema of {@code type} as compact JSON text, with the keys in the order {@code
   * dev.cadre.tool.JsonSchemas.of} writes them: records are objects with their components as
   * properties in order, every non-optional component required, and no other properties allowed.
   */
  public String schema(JsonType type) {
    return JsonText.write(tree(type));
  }

  /**
   * The schema of an object with the given properties, as {@code JsonSchemas.object()} builds it:
   * each property with its description, the non-optional ones required, no others allowed.
   */
  public String objectSchema(List<Property> properties) {
    Map<String, Object> names = new LinkedHashMap<>();
    List<Object> required = new ArrayList<>();
    for (Property property : properties) {
      Map<String, Object> schema = tree(property.type());
      if (property.description() != null && !property.description().isBlank()) {
        schema.put("description", property.description());
      }
      names.put(property.name(), schema);
      if (!property.type().optional()) {
        required.add(property.name());
      }
    }
    return JsonText.write(object(names, required));
  }

  /** An expression reading {@code node} (a {@code JsonNode}, maybe null) as the root value. */
  public CodeBlock read(JsonType type, CodeBlock node) {
    return read(type, node, CodeBlock.of("$S", ""));
  }

  /**
   * An expression reading {@code node} (a {@code JsonNode}, maybe null when absent) into {@code
   * type}'s Java type; errors name {@code path} (a {@code String} expression), e.g. {@code "city"}.
   */
  public CodeBlock read(JsonType type, CodeBlock node, CodeBlock path) {
    if (type instanceof JsonType.Scalar scalar) {
      return CodeBlock.of("$T.$N($L, $L)", JSON_VALUES, scalar.kind().reader, node, path);
    }
    return CodeBlock.of("$N($L, $L)", reader(type), node, path);
  }

  /** An expression writing {@code value} (of {@code type}'s Java type) as a {@code JsonNode}. */
  public CodeBlock write(JsonType type, CodeBlock value) {
    if (type instanceof JsonType.Scalar scalar) {
      return CodeBlock.of("$T.$N($L)", JSON_VALUES, scalar.kind().writer, value);
    }
    if (type instanceof JsonType.EnumType) {
      return CodeBlock.of("$T.enumNode($L)", JSON_VALUES, value);
    }
    return CodeBlock.of("$N($L)", writer(type), value);
  }

  /** The helpers the code from {@link #read} and {@link #write} calls, in a stable order. */
  public List<MethodSpec> helperMethods() {
    return List.copyOf(helpers.values());
  }

  // ---- schemas

  private static Map<String, Object> tree(JsonType type) {
    Map<String, Object> schema = new LinkedHashMap<>();
    if (type instanceof JsonType.Scalar scalar) {
      schema.put("type", scalar.kind().jsonType);
      if (scalar.kind() == JsonType.Kind.CHAR) {
        schema.put("minLength", 1);
        schema.put("maxLength", 1);
      }
      if (scalar.kind().format != null) {
        schema.put("format", scalar.kind().format);
      }
      return schema;
    }
    if (type instanceof JsonType.EnumType enumType) {
      schema.put("type", "string");
      schema.put("enum", new ArrayList<Object>(enumType.constants()));
      return schema;
    }
    if (type instanceof JsonType.RecordType record) {
      Map<String, Object> properties = new LinkedHashMap<>();
      List<Object> required = new ArrayList<>();
      for (JsonType.Component component : record.components()) {
        properties.put(component.name(), tree(component.type()));
        if (!component.type().optional()) {
          required.add(component.name());
        }
      }
      return object(properties, required);
    }
    if (type instanceof JsonType.CollectionType collection) {
      return array(collection.element());
    }
    if (type instanceof JsonType.ArrayType array) {
      return array(array.element());
    }
    if (type instanceof JsonType.MapType map) {
      schema.put("type", "object");
      schema.put("additionalProperties", tree(map.value()));
      return schema;
    }
    return tree(((JsonType.OptionalType) type).value());
  }

  private static Map<String, Object> array(JsonType element) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "array");
    schema.put("items", tree(element));
    return schema;
  }

  private static Map<String, Object> object(Map<String, Object> properties, List<Object> required) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    schema.put("required", required);
    schema.put("additionalProperties", false);
    return schema;
  }

  // ---- helper methods

  private String reader(JsonType type) {
    String name = readers.get(type.javaType());
    if (name == null) {
      name = reserve("read" + stem(type));
      readers.put(type.javaType(), name);
      helpers.put(name, readerMethod(name, type));
    }
    return name;
  }

  private String writer(JsonType type) {
    String name = writers.get(type.javaType());
    if (name == null) {
      name = reserve("write" + stem(type));
      writers.put(type.javaType(), name);
      helpers.put(name, writerMethod(name, type));
    }
    return name;
  }

  /** Takes a free helper name; re-putting it later keeps its place in the order. */
  private String reserve(String base) {
    String name = base;
    for (int i = 2; helpers.containsKey(name); i++) {
      name = base + i;
    }
    helpers.put(name, null);
    return name;
  }

  private static String stem(JsonType type) {
    if (type instanceof JsonType.Scalar scalar) {
      TypeName java = scalar.javaType();
      String simple =
          java instanceof ClassName className ? className.simpleName() : java.toString();
      return Character.toUpperCase(simple.charAt(0)) + simple.substring(1);
    }
    if (type instanceof JsonType.EnumType enumType) {
      return enumType.javaType().simpleName();
    }
    if (type instanceof JsonType.RecordType record) {
      return record.javaType().simpleName();
    }
    if (type instanceof JsonType.CollectionType collection) {
      return stem(collection.element()) + collection.container().javaType.simpleName();
    }
    if (type instanceof JsonType.ArrayType array) {
      return stem(array.element()) + "Array";
    }
    if (type instanceof JsonType.MapType map) {
      return stem(map.value()) + "Map";
    }
    return "Optional" + stem(((JsonType.OptionalType) type).value());
  }

  private MethodSpec readerMethod(String name, JsonType type) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(name)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(type.javaType())
            .addParameter(JSON_NODE, "node")
            .addParameter(String.class, "path");
    if (type instanceof JsonType.EnumType enumType) {
      method.addCode("return switch ($T.text(node, path)) {\n$>", JSON_VALUES);
      CodeBlock.Builder names = CodeBlock.builder();
      for (String constant : enumType.constants()) {
        method.addCode("case $S -> $T.$N;\n", constant, enumType.javaType(), constant);
        names.add(", $S", constant);
      }
      method.addCode(
          "default -> throw $T.notOneOf(node, path$L);\n$<};\n", JSON_VALUES, names.build());
    } else if (type instanceof JsonType.RecordType record) {
      if (record.components().isEmpty()) {
        method.addStatement("$T.object(node, path)", JSON_VALUES);
        method.addStatement("return new $T()", record.javaType());
      } else {
        method.addStatement("$T object = $T.object(node, path)", OBJECT_NODE, JSON_VALUES);
        List<CodeBlock> arguments = new ArrayList<>();
        for (JsonType.Component component : record.components()) {
          arguments.add(
              read(
                  component.type(),
                  CodeBlock.of("object.get($S)", component.name()),
                  CodeBlock.of("$T.field(path, $S)", JSON_VALUES, component.name())));
        }
        method.addCode(
            "return new $T(\n$>$>$L$<$<);\n", record.javaType(), CodeBlock.join(arguments, ",\n"));
      }
    } else if (type instanceof JsonType.CollectionType collection) {
      boolean set = collection.container() == JsonType.Container.SET;
      TypeName element = collection.element().javaType().box();
      method.addStatement("$T array = $T.array(node, path)", ARRAY_NODE, JSON_VALUES);
      if (set) {
        method.addStatement("$T values = new $T<>()", type.javaType(), LINKED_HASH_SET);
      } else {
        method.addStatement(
            "$T values = new $T<>(array.size())",
            ParameterizedTypeName.get(LIST, element),
            ARRAY_LIST);
      }
      method
          .beginControlFlow("for (int i = 0; i < array.size(); i++)")
          .addStatement("values.add($L)", readElement(collection.element()))
          .endControlFlow();
      if (set) {
        method.addStatement("return $T.unmodifiableSet(values)", COLLECTIONS);
      } else {
        method.addStatement("return $T.copyOf(values)", LIST);
      }
    } else if (type instanceof JsonType.ArrayType array) {
      method
          .addStatement("$T array = $T.array(node, path)", ARRAY_NODE, JSON_VALUES)
          .addStatement("$T values = $L", type.javaType(), newArray(array.element()))
          .beginControlFlow("for (int i = 0; i < values.length; i++)")
          .addStatement("values[i] = $L", readElement(array.element()))
          .endControlFlow()
          .addStatement("return values");
    } else if (type instanceof JsonType.MapType map) {
      method
          .addStatement("$T object = $T.object(node, path)", OBJECT_NODE, JSON_VALUES)
          .addStatement("$T values = new $T<>()", type.javaType(), LINKED_HASH_MAP)
          .beginControlFlow(
              "for ($T entry : object.properties())",
              ParameterizedTypeName.get(MAP_ENTRY, ClassName.get(String.class), JSON_NODE))
          .addStatement(
              "values.put(entry.getKey(), $L)",
              read(
                  map.value(),
                  CodeBlock.of("entry.getValue()"),
                  CodeBlock.of("$T.field(path, entry.getKey())", JSON_VALUES)))
          .endControlFlow()
          .addStatement("return $T.unmodifiableMap(values)", COLLECTIONS);
    } else {
      JsonType value = ((JsonType.OptionalType) type).value();
      method.addStatement(
          "return $T.isAbsent(node) ? $T.empty() : $T.of($L)",
          JSON_VALUES,
          OPTIONAL,
          OPTIONAL,
          read(value, CodeBlock.of("node"), CodeBlock.of("path")));
    }
    return method.build();
  }

  private CodeBlock readElement(JsonType element) {
    return read(
        element, CodeBlock.of("array.get(i)"), CodeBlock.of("$T.index(path, i)", JSON_VALUES));
  }

  /** {@code new int[array.size()]}, or {@code new int[array.size()][]} for int[][]. */
  private static CodeBlock newArray(JsonType element) {
    TypeName innermost = element.javaType();
    StringBuilder dimensions = new StringBuilder();
    while (innermost instanceof ArrayTypeName array) {
      innermost = array.componentType();
      dimensions.append("[]");
    }
    return CodeBlock.of("new $T[array.size()]$L", innermost, dimensions);
  }

  private MethodSpec writerMethod(String name, JsonType type) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(name)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(JSON_NODE);
    if (type instanceof JsonType.OptionalType optional) {
      return method
          .addParameter(type.javaType(), "value")
          .addStatement(
              "return value == null || value.isEmpty() ? $T.getInstance() : $L",
              NULL_NODE,
              write(optional.value(), CodeBlock.of("value.get()")))
          .build();
    }
    boolean record = type instanceof JsonType.RecordType;
    String parameter = record ? "value" : "values";
    method
        .addParameter(type.javaType(), parameter)
        .beginControlFlow("if ($N == null)", parameter)
        .addStatement("return $T.getInstance()", NULL_NODE)
        .endControlFlow();
    if (type instanceof JsonType.RecordType recordType) {
      method.addStatement("$T object = $T.object()", OBJECT_NODE, JSON);
      for (JsonType.Component component : recordType.components()) {
        method.addStatement(
            "$T.put(object, $S, $L)",
            JSON_VALUES,
            component.name(),
            write(component.type(), CodeBlock.of("value.$N()", component.name())));
      }
      method.addStatement("return object");
    } else if (type instanceof JsonType.MapType map) {
      method
          .addStatement("$T object = $T.object()", OBJECT_NODE, JSON)
          .beginControlFlow(
              "for ($T entry : values.entrySet())",
              ParameterizedTypeName.get(
                  MAP_ENTRY, ClassName.get(String.class), map.value().javaType().box()))
          .addStatement(
              "object.set(entry.getKey(), $L)",
              write(map.value(), CodeBlock.of("entry.getValue()")))
          .endControlFlow()
          .addStatement("return object");
    } else {
      JsonType element =
          type instanceof JsonType.CollectionType collection
              ? collection.element()
              : ((JsonType.ArrayType) type).element();
      TypeName elementType =
          type instanceof JsonType.CollectionType ? element.javaType().box() : element.javaType();
      method
          .addStatement("$T array = $T.mapper().createArrayNode()", ARRAY_NODE, JSON)
          .beginControlFlow("for ($T value : values)", elementType)
          .addStatement("array.add($L)", write(element, CodeBlock.of("value")))
          .endControlFlow()
          .addStatement("return array");
    }
    return method.build();
  }
}
