package dev.cadre.processor.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.cadre.processor.Context;
import dev.cadre.tool.JsonSchemas;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link JsonTypes} and {@link Codecs#schema} against the runtime's {@link JsonSchemas#of}: the
 * fields of {@link Fixtures} are mapped both ways, from the compiler's view of the compiled test
 * class and by reflection, and must give the same schema text, or be rejected by both with the same
 * path.
 */
class JsonTypesTest {

  /** The types under test, one per field; a field's generic type is what both sides map. */
  @SuppressWarnings({"unused", "rawtypes"})
  static final class Fixtures {
    public enum Unit {
      CELSIUS,
      FAHRENHEIT
    }

    public record Price(BigDecimal amount, String currency) {}

    public record Item(String sku, int quantity, Optional<Price> price) {}

    public record Order(
        long id,
        List<Item> items,
        Map<String, String> tags,
        Optional<String> note,
        OptionalInt priority,
        Unit unit,
        char grade,
        Set<Unit> units) {}

    public record Empty() {}

    public record Loose(Object value) {}

    public record BadItem(String sku, Object price) {}

    public record BadOrder(List<BadItem> items) {}

    public record IntKeys(Map<Integer, String> byNumber) {}

    public record Raw(List values) {}

    public record Wild(List<? extends Number> values) {}

    public record Node(String name, List<Node> children) {}

    public record A(B b) {}

    public record B(Optional<A> a) {}

    public record Holder(Runnable action) {}

    public record Page<T>(List<T> items) {}

    // Both sides map these, to the same schema.
    int primitiveInt;
    Integer boxedInt;
    long primitiveLong;
    short primitiveShort;
    Byte boxedByte;
    double primitiveDouble;
    Float boxedFloat;
    boolean primitiveBoolean;
    Boolean boxedBoolean;
    String string;
    char primitiveChar;
    Character boxedChar;
    BigDecimal bigDecimal;
    BigInteger bigInteger;
    OptionalInt optionalInt;
    OptionalLong optionalLong;
    OptionalDouble optionalDouble;
    Unit unit;
    int[] ints;
    String[][] strings;
    List<String> listOfString;
    Set<Integer> setOfInteger;
    Collection<Boolean> collectionOfBoolean;
    Map<String, List<Double>> mapOfLists;
    Optional<Unit> optionalUnit;
    Optional<List<Price>> optionalPrices;
    Order order;
    List<Order> orders;
    Empty empty;
    Price[] prices;

    // Both sides reject these, naming the same path.
    Object object;
    Loose loose;
    BadOrder badOrder;
    IntKeys intKeys;
    Raw raw;
    Wild wild;
    Node node;
    A a;
    Holder holder;
    byte[] bytes;
    Page<String> page;

    // Only this side maps these: generated code parses ISO-8601 itself.
    LocalDate date;
    LocalDateTime dateTime;
    LocalTime time;
    Instant instant;
    OffsetDateTime offsetDateTime;
    ZonedDateTime zonedDateTime;
    Duration duration;
    Period period;
    List<Optional<LocalDate>> dates;

    // Only the runtime maps these: generated code builds only the collection interfaces, and
    // cannot create an array of a generic type.
    ArrayList<String> arrayList;
    List<String>[] arrayOfLists;
  }

  static final List<String> SAME_SCHEMA =
      List.of(
          "primitiveInt",
          "boxedInt",
          "primitiveLong",
          "primitiveShort",
          "boxedByte",
          "primitiveDouble",
          "boxedFloat",
          "primitiveBoolean",
          "boxedBoolean",
          "string",
          "primitiveChar",
          "boxedChar",
          "bigDecimal",
          "bigInteger",
          "optionalInt",
          "optionalLong",
          "optionalDouble",
          "unit",
          "ints",
          "strings",
          "listOfString",
          "setOfInteger",
          "collectionOfBoolean",
          "mapOfLists",
          "optionalUnit",
          "optionalPrices",
          "order",
          "orders",
          "empty",
          "prices");

  static final List<String> BOTH_REJECT =
      List.of(
          "object",
          "loose",
          "badOrder",
          "intKeys",
          "raw",
          "wild",
          "node",
          "a",
          "holder",
          "bytes",
          "page");

  static final List<String> PROCESSOR_ONLY =
      List.of(
          "date",
          "dateTime",
          "time",
          "instant",
          "offsetDateTime",
          "zonedDateTime",
          "duration",
          "period",
          "dates");

  static final List<String> RUNTIME_ONLY = List.of("arrayList", "arrayOfLists");

  static List<String> sameSchema() {
    return SAME_SCHEMA;
  }

  static List<String> bothReject() {
    return BOTH_REJECT;
  }

  /** What the probe processor saw: each field's mapping and, if supported, its schema text. */
  static final Map<String, JsonTypes.Mapping> MAPPINGS = new LinkedHashMap<>();

  static final Map<String, String> SCHEMAS = new LinkedHashMap<>();

  /** Maps the fields of {@link Fixtures}, read from the test class path by the compiler. */
  static final class Probe extends AbstractProcessor {
    private final String holder;

    Probe(String holder) {
      this.holder = holder;
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (round.processingOver()) {
        return false;
      }
      JsonTypes types = new JsonTypes(Context.of(processingEnv));
      Codecs codecs = new Codecs();
      TypeElement type = processingEnv.getElementUtils().getTypeElement(holder);
      for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
        String name = field.getSimpleName().toString();
        JsonTypes.Mapping mapping = types.map(field.asType());
        MAPPINGS.put(name, mapping);
        if (mapping.supported()) {
          SCHEMAS.put(name, codecs.schema(mapping.type()));
        }
      }
      return false;
    }
  }

  @BeforeAll
  static void probe() {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new Probe(Fixtures.class.getCanonicalName()))
            .compile(JavaFileObjects.forSourceString("Trigger", "class Trigger {}"));
    CompilationSubject.assertThat(compilation).succeeded();
  }

  static Type reflected(String field) throws NoSuchFieldException {
    return Fixtures.class.getDeclaredField(field).getGenericType();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sameSchema")
  void schemaTextIsWhatTheRuntimeWrites(String field) throws Exception {
    assertThat(MAPPINGS.get(field).problems()).isEmpty();
    assertThat(SCHEMAS.get(field)).isEqualTo(JsonSchemas.of(reflected(field)).toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bothReject")
  void bothRejectWithTheSamePath(String field) throws Exception {
    JsonTypes.Mapping mapping = MAPPINGS.get(field);
    assertThat(mapping.supported()).isFalse();
    assertThat(mapping.unresolved()).isFalse();
    assertThat(mapping.problems()).hasSize(1);

    String problem = mapping.problems().get(0);
    Type type = reflected(field);
    assertThatThrownBy(() -> JsonSchemas.of(type))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(pathOf(e.getMessage())).isEqualTo(pathOf(problem)));
  }

  @Test
  void theFixtureListsCoverEveryField() {
    List<String> all = new ArrayList<>(SAME_SCHEMA);
    all.addAll(BOTH_REJECT);
    all.addAll(PROCESSOR_ONLY);
    all.addAll(RUNTIME_ONLY);
    assertThat(MAPPINGS.keySet()).containsExactlyInAnyOrderElementsOf(all);
  }

  @Test
  void problemsNameThePathTheTypeAndAFix() {
    assertThat(MAPPINGS.get("badOrder").problems())
        .containsExactly(
            "BadOrder.items[].price: java.lang.Object has no JSON mapping; use a record, String,"
                + " a primitive or its box, an enum, List<T>, Set<T>, Map<String, V>, Optional<T>,"
                + " a java.time type, BigDecimal or BigInteger");
    assertThat(MAPPINGS.get("node").problems())
        .containsExactly(
            "Node.children[]: record Node contains itself, and a recursive type has no JSON"
                + " mapping here; break the cycle, e.g. with a list of ids or a flat record");
    assertThat(MAPPINGS.get("a").problems().get(0)).startsWith("A.b.a: record A contains itself");
  }

  @Test
  void javaTimeTypesAreIsoStringsWithAFormatWhereJsonSchemaHasOne() {
    assertThat(SCHEMAS.get("date")).isEqualTo("{\"type\":\"string\",\"format\":\"date\"}");
    assertThat(SCHEMAS.get("dateTime")).isEqualTo("{\"type\":\"string\"}");
    assertThat(SCHEMAS.get("time")).isEqualTo("{\"type\":\"string\"}");
    assertThat(SCHEMAS.get("instant")).isEqualTo("{\"type\":\"string\",\"format\":\"date-time\"}");
    assertThat(SCHEMAS.get("offsetDateTime")).isEqualTo(SCHEMAS.get("instant"));
    assertThat(SCHEMAS.get("zonedDateTime")).isEqualTo(SCHEMAS.get("instant"));
    assertThat(SCHEMAS.get("duration")).isEqualTo("{\"type\":\"string\",\"format\":\"duration\"}");
    assertThat(SCHEMAS.get("period")).isEqualTo(SCHEMAS.get("duration"));
    assertThat(SCHEMAS.get("dates"))
        .isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"string\",\"format\":\"date\"}}");
  }

  @Test
  void concreteCollectionsAndGenericArraysAreRejectedWithAFix() {
    assertThat(MAPPINGS.get("arrayList").problems())
        .containsExactly(
            "ArrayList: java.util.ArrayList<java.lang.String> has no JSON mapping; declare it as"
                + " List<T>, Set<T> or Collection<T>; generated code builds only those");
    assertThat(MAPPINGS.get("arrayOfLists").problems())
        .containsExactly(
            "java.util.List<java.lang.String>[]: java.util.List<java.lang.String>[] has no JSON"
                + " mapping; an array of a generic type cannot be created; use a List instead, e.g."
                + " List<java.util.List<java.lang.String>>");
  }

  @Test
  void objectSchemasAreWhatTheRuntimeBuilderWritesDescriptionsEscaped() {
    JsonTypes.Mapping order = MAPPINGS.get("order");
    JsonTypes.Mapping limit = MAPPINGS.get("optionalInt");
    String description = "Say \"hi\"\n\tthen a backslash \\ and a bell \u0007, caf\u00e9";

    String text =
        new Codecs()
            .objectSchema(
                List.of(
                    new Codecs.Property("order", order.type(), description),
                    new Codecs.Property("limit", limit.type(), " "),
                    new Codecs.Property("count", MAPPINGS.get("boxedInt").type(), null)));

    String runtime =
        JsonSchemas.object()
            .property("order", JsonSchemas.of(Fixtures.Order.class), description)
            .property("limit", JsonSchemas.integer(), " ", false)
            .property("count", JsonSchemas.integer(), null)
            .build()
            .toString();
    assertThat(text).isEqualTo(runtime);
    assertThat(JsonSchemas.parse(text).at("/properties/order/description").asText())
        .isEqualTo(description);
  }

  private static String pathOf(String message) {
    return message.substring(0, message.indexOf(": "));
  }
}
