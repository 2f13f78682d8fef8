package dev.cadre.processor.json;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.cadre.processor.Context;
import dev.cadre.processor.json.JsonType.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Maps Java types to {@link JsonType}s at compile time, with the rules the runtime's {@code
 * dev.cadre.tool.JsonSchemas.of} applies to reflected types, so a tool's schema is the same
 * whichever way it was defined. Where the two differ, this side is stricter: collections and maps
 * must be declared through their interfaces ({@code List}, {@code Set}, {@code Collection}, {@code
 * Map}), because generated code builds them; and it adds the {@code java.time} types as ISO-8601
 * strings, which generated code parses itself.
 *
 * <p>Every type it cannot map is named with the path that leads to it ({@code
 * Order.items[].price}), and every such type is reported, not only the first.
 */
public final class JsonTypes {

  private static final String SUPPORTED =
      "use a record, String, a primitive or its box, an enum, List<T>, Set<T>, Map<String, V>,"
          + " Optional<T>, a java.time type, BigDecimal or BigInteger";

  /**
   * What mapping one type gave.
   *
   * @param type the JSON type, or null if the type (or a type inside it) has no mapping or is not
   *     resolved yet
   * @param problems one sentence per type without a mapping, each starting with its path
   * @param unresolved whether the type contains an error type (one not generated yet): the caller
   *     should defer rather than report the problems
   */
  public record Mapping(JsonType type, List<String> problems, boolean unresolved) {
    public Mapping {
      problems = List.copyOf(problems);
    }

    /** Whether the type maps: no problems and nothing unresolved. */
    public boolean supported() {
      return type != null;
    }
  }

  private final Context context;

  public JsonTypes(Context context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  /** Maps {@code type}; problem paths start with its simple name ({@code Order.items[]}). */
  public Mapping map(TypeMirror type) {
    return map(type, displayName(type), null);
  }

  /**
   * Maps {@code type}; problem paths start with {@code root}, e.g. a parameter name.
   *
   * @param fromPackage the package of the generated code that will name the types, so that types it
   *     cannot access (not public, in another package) are reported; null to check only that no
   *     type is private
   */
  public Mapping map(TypeMirror type, String root, String fromPackage) {
    Walk walk = new Walk(fromPackage);
    JsonType mapped = walk.type(type, root);
    if (walk.unresolved) {
      return new Mapping(null, walk.problems, true);
    }
    return new Mapping(walk.problems.isEmpty() ? mapped : null, walk.problems, false);
  }

  /** How a path starts for {@code type}: its simple name, e.g. {@code Order}. */
  public static String displayName(TypeMirror type) {
    if (type.getKind() == TypeKind.DECLARED) {
      return ((DeclaredType) type).asElement().getSimpleName().toString();
    }
    return type.toString();
  }

  /** One mapping: the problems found so far, and the records being mapped (to catch cycles). */
  private final class Walk {
    final String fromPackage;
    final List<String> problems = new ArrayList<>();
    final Deque<String> records = new ArrayDeque<>();
    boolean unresolved;

    Walk(String fromPackage) {
      this.fromPackage = fromPackage;
    }

    JsonType type(TypeMirror type, String path) {
      switch (type.getKind()) {
        case BOOLEAN:
          return new JsonType.Scalar(Kind.BOOLEAN, TypeName.BOOLEAN);
        case INT:
          return new JsonType.Scalar(Kind.INT, TypeName.INT);
        case LONG:
          return new JsonType.Scalar(Kind.LONG, TypeName.LONG);
        case SHORT:
          return new JsonType.Scalar(Kind.SHORT, TypeName.SHORT);
        case BYTE:
          return new JsonType.Scalar(Kind.BYTE, TypeName.BYTE);
        case DOUBLE:
          return new JsonType.Scalar(Kind.DOUBLE, TypeName.DOUBLE);
        case FLOAT:
          return new JsonType.Scalar(Kind.FLOAT, TypeName.FLOAT);
        case CHAR:
          return new JsonType.Scalar(Kind.CHAR, TypeName.CHAR);
        case ERROR:
          unresolved = true;
          return null;
        case ARRAY:
          return array((ArrayType) type, path);
        case DECLARED:
          return declared((DeclaredType) type, path);
        case TYPEVAR:
          return problem(
              path, "type variable " + type, "a type variable has no schema; use a concrete type");
        case WILDCARD:
          return problem(
              path,
              "the wildcard " + type,
              "use a concrete type argument instead, e.g. List<String>");
        case VOID:
          return problem(path, "void", "it has no value");
        default:
          return problem(path, type.toString(), SUPPORTED);
      }
    }

    private JsonType array(ArrayType type, String path) {
      TypeMirror component = type.getComponentType();
      if (component.getKind() == TypeKind.BYTE) {
        // Jackson writes byte[] as base64, so an array-of-integers schema would lie (as at run
        // time).
        return problem(path, "byte[]", "use a String (e.g. base64) or List<Integer>");
      }
      if (component.getKind() == TypeKind.DECLARED
          && !((DeclaredType) component).getTypeArguments().isEmpty()) {
        return problem(
            path,
            type.toString(),
            "an array of a generic type cannot be created; use a List instead, e.g. List<"
                + component
                + ">");
      }
      JsonType element = type(component, path + "[]");
      return element == null ? null : new JsonType.ArrayType(element);
    }

    private JsonType declared(DeclaredType type, String path) {
      TypeElement element = (TypeElement) type.asElement();
      List<? extends TypeMirror> arguments = type.getTypeArguments();
      String qualifiedName = element.getQualifiedName().toString();
      // Only the java.* types below are named here; a local type has no ClassName at all.
      ClassName name = qualifiedName.startsWith("java.") ? ClassName.get(element) : null;
      switch (qualifiedName) {
        case "java.lang.String":
          return new JsonType.Scalar(Kind.STRING, name);
        case "java.lang.Boolean":
          return new JsonType.Scalar(Kind.BOOLEAN, name);
        case "java.lang.Integer":
          return new JsonType.Scalar(Kind.INT, name);
        case "java.lang.Long":
          return new JsonType.Scalar(Kind.LONG, name);
        case "java.lang.Short":
          return new JsonType.Scalar(Kind.SHORT, name);
        case "java.lang.Byte":
          return new JsonType.Scalar(Kind.BYTE, name);
        case "java.lang.Double":
          return new JsonType.Scalar(Kind.DOUBLE, name);
        case "java.lang.Float":
          return new JsonType.Scalar(Kind.FLOAT, name);
        case "java.lang.Character":
          return new JsonType.Scalar(Kind.CHAR, name);
        case "java.math.BigInteger":
          return new JsonType.Scalar(Kind.BIG_INTEGER, name);
        case "java.math.BigDecimal":
          return new JsonType.Scalar(Kind.BIG_DECIMAL, name);
        case "java.util.OptionalInt":
          return new JsonType.Scalar(Kind.OPTIONAL_INT, name);
        case "java.util.OptionalLong":
          return new JsonType.Scalar(Kind.OPTIONAL_LONG, name);
        case "java.util.OptionalDouble":
          return new JsonType.Scalar(Kind.OPTIONAL_DOUBLE, name);
        case "java.time.LocalDate":
          return new JsonType.Scalar(Kind.LOCAL_DATE, name);
        case "java.time.LocalDateTime":
          return new JsonType.Scalar(Kind.LOCAL_DATE_TIME, name);
        case "java.time.LocalTime":
          return new JsonType.Scalar(Kind.LOCAL_TIME, name);
        case "java.time.Instant":
          return new JsonType.Scalar(Kind.INSTANT, name);
        case "java.time.OffsetDateTime":
          return new JsonType.Scalar(Kind.OFFSET_DATE_TIME, name);
        case "java.time.ZonedDateTime":
          return new JsonType.Scalar(Kind.ZONED_DATE_TIME, name);
        case "java.time.Duration":
          return new JsonType.Scalar(Kind.DURATION, name);
        case "java.time.Period":
          return new JsonType.Scalar(Kind.PERIOD, name);
        case "java.util.List":
          return collection(JsonType.Container.LIST, type, path);
        case "java.util.Set":
          return collection(JsonType.Container.SET, type, path);
        case "java.util.Collection":
          return collection(JsonType.Container.COLLECTION, type, path);
        case "java.util.Map":
          return map(type, path);
        case "java.util.Optional":
          if (arguments.isEmpty()) {
            return problem(path, type.toString(), "give its type argument, e.g. Optional<String>");
          }
          JsonType value = type(arguments.get(0), path);
          return value == null ? null : new JsonType.OptionalType(value);
        default:
          break;
      }
      switch (element.getKind()) {
        case ENUM:
          return enumType(element, path);
        case RECORD:
          return record(type, element, path);
        default:
          break;
      }
      if (isSubtypeOf(type, "java.util.Collection")) {
        return problem(
            path,
            type.toString(),
            "declare it as List<T>, Set<T> or Collection<T>; generated code builds only those");
      }
      if (isSubtypeOf(type, "java.util.Map")) {
        return problem(
            path, type.toString(), "declare it as Map<String, V>; generated code builds only that");
      }
      if (element.getKind() == ElementKind.INTERFACE) {
        return problem(
            path,
            type.toString(),
            "an interface has no fixed set of properties; use a record instead");
      }
      if (element.getModifiers().contains(Modifier.ABSTRACT)) {
        return problem(
            path,
            type.toString(),
            "an abstract class has no fixed set of properties; use a record instead");
      }
      return problem(path, type.toString(), SUPPORTED);
    }

    private JsonType collection(JsonType.Container container, DeclaredType type, String path) {
      if (type.getTypeArguments().isEmpty()) {
        return problem(
            path,
            "the raw type " + type,
            "give its element type, e.g. " + type.asElement().getSimpleName() + "<String>");
      }
      JsonType element = type(type.getTypeArguments().get(0), path + "[]");
      return element == null ? null : new JsonType.CollectionType(container, element);
    }

    private JsonType map(DeclaredType type, String path) {
      List<? extends TypeMirror> arguments = type.getTypeArguments();
      if (arguments.isEmpty()) {
        return problem(
            path, "the raw type " + type, "give its type arguments, e.g. Map<String, Integer>");
      }
      TypeMirror key = arguments.get(0);
      boolean stringKeys =
          key.getKind() == TypeKind.DECLARED
              && ((TypeElement) ((DeclaredType) key).asElement())
                  .getQualifiedName()
                  .contentEquals("java.lang.String");
      if (key.getKind() == TypeKind.ERROR) {
        unresolved = true;
      } else if (!stringKeys) {
        problem(path, type.toString(), "JSON object keys are strings; use Map<String, V>");
      }
      JsonType value = type(arguments.get(1), path + "{}");
      return value == null || !stringKeys ? null : new JsonType.MapType(value);
    }

    private JsonType enumType(TypeElement element, String path) {
      if (!accessible(element, path)) {
        return null;
      }
      List<String> constants = new ArrayList<>();
      for (Element enclosed : element.getEnclosedElements()) {
        if (enclosed.getKind() == ElementKind.ENUM_CONSTANT) {
          constants.add(enclosed.getSimpleName().toString());
        }
      }
      if (constants.isEmpty()) {
        return problem(
            path, "enum " + element.getQualifiedName(), "it has no constants, so no value fits");
      }
      return new JsonType.EnumType(ClassName.get(element), constants);
    }

    private JsonType record(DeclaredType type, TypeElement element, String path) {
      String name = element.getQualifiedName().toString();
      if (records.contains(name)) {
        problems.add(
            path
                + ": record "
                + element.getSimpleName()
                + " contains itself, and a recursive type has no JSON mapping here; break the"
                + " cycle, e.g. with a list of ids or a flat record");
        return null;
      }
      if (!element.getTypeParameters().isEmpty()) {
        return problem(
            path,
            type.toString(),
            "generic records are not supported; use a record without type parameters");
      }
      if (!accessible(element, path)) {
        return null;
      }
      records.push(name);
      try {
        List<JsonType.Component> components = new ArrayList<>();
        boolean complete = true;
        for (RecordComponentElement component : element.getRecordComponents()) {
          String componentName = component.getSimpleName().toString();
          JsonType componentType = type(component.asType(), path + "." + componentName);
          complete &= componentType != null;
          components.add(new JsonType.Component(componentName, componentType));
        }
        return complete ? new JsonType.RecordType(ClassName.get(element), components) : null;
      } finally {
        records.pop();
      }
    }

    /** Whether generated code in {@link #fromPackage} can name {@code type}; reports it if not. */
    private boolean accessible(TypeElement type, String path) {
      for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
        if (t.getModifiers().contains(Modifier.PRIVATE)) {
          problem(
              path,
              type.getQualifiedName().toString(),
              (t == type ? "it is private" : "it is inside private " + t.getSimpleName())
                  + ", so generated code cannot name it; make it package-private or public");
          return false;
        }
        if (fromPackage != null
            && !t.getModifiers().contains(Modifier.PUBLIC)
            && !context.elements().getPackageOf(t).getQualifiedName().contentEquals(fromPackage)) {
          problem(
              path,
              type.getQualifiedName().toString(),
              (t == type ? "it is not public" : t.getSimpleName() + " is not public")
                  + " and generated code in package "
                  + fromPackage
                  + " cannot name it; make it public");
          return false;
        }
      }
      return true;
    }

    private boolean isSubtypeOf(DeclaredType type, String qualifiedName) {
      TypeElement target = context.elements().getTypeElement(qualifiedName);
      return target != null
          && context
              .types()
              .isSubtype(context.types().erasure(type), context.types().erasure(target.asType()));
    }

    private JsonType problem(String path, String subject, String advice) {
      problems.add(path + ": " + subject + " has no JSON mapping; " + advice);
      return null;
    }
  }
}
