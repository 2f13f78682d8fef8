package dev.cadre.processor.tool;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cadre.processor.Wrapping.wrapped;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.cadre.processor.CadreProcessor;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Every finding of the tool step: its tag, message, file and line. Each case also counts the
 * errors, which proves that no binding was written for the broken holder (it would not compile).
 */
class ToolErrorsTest {

  /** A holder {@code com.acme.Tools} whose body is {@code members}. */
  private static JavaFileObject holder(String... members) {
    List<String> lines = new ArrayList<>();
    lines.add("package com.acme;");
    lines.add("");
    lines.add("import dev.cadre.annotations.Param;");
    lines.add("import dev.cadre.annotations.Tool;");
    lines.add("import java.util.*;");
    lines.add("");
    lines.add("class Tools {");
    lines.addAll(List.of(members));
    lines.add("}");
    return JavaFileObjects.forSourceLines("com.acme.Tools", lines);
  }

  private static Compilation compile(JavaFileObject... files) {
    return Compiler.javac().withProcessors(new CadreProcessor()).compile(files);
  }

  private static final String UNSUPPORTED =
      "[Cadre/UnsupportedToolType] tool '%s' takes a parameter the model cannot send as JSON: ";

  private static void assertUnsupportedParameter(
      String tool, String problem, String line, String... members) {
    JavaFileObject file = holder(members);
    Compilation compilation = compile(file);
    assertThat(compilation)
        .hadErrorContainingMatch(wrapped(String.format(UNSUPPORTED, tool) + problem))
        .inFile(file)
        .onLineContaining(line);
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void rawObjectParameter() {
    assertUnsupportedParameter(
        "find",
        "filter: java.lang.Object has no JSON mapping; use a record, String, a primitive",
        "Object filter",
        "  @Tool(\"Finds things\")",
        "  static String find(Object filter) { return \"\"; }");
  }

  @Test
  void wildcardElement() {
    assertUnsupportedParameter(
        "count",
        "items[]: the wildcard ? has no JSON mapping; use a concrete type argument instead",
        "List<?> items",
        "  @Tool(\"Counts\")",
        "  static int count(List<?> items) { return items.size(); }");
  }

  @Test
  void mapWithIntegerKeys() {
    assertUnsupportedParameter(
        "names",
        "byId: java.util.Map<java.lang.Integer,java.lang.String> has no JSON mapping; JSON object"
            + " keys are strings; use Map<String, V>",
        "byId",
        "  @Tool(\"Names\")",
        "  static String names(Map<Integer, String> byId) { return \"\"; }");
  }

  @Test
  void cyclicRecord() {
    assertUnsupportedParameter(
        "walk",
        "root.children[]: record Node contains itself, and a recursive type has no JSON mapping"
            + " here; break the cycle",
        "Node root",
        "  record Node(String name, List<Node> children) {}",
        "  @Tool(\"Walks a tree\")",
        "  static String walk(Node root) { return root.name(); }");
  }

  @Test
  @SuppressWarnings("rawtypes")
  void rawList() {
    assertUnsupportedParameter(
        "sum",
        "values: the raw type java.util.List has no JSON mapping; give its element type, e.g."
            + " List<String>",
        "List values",
        "  @Tool(\"Sums\")",
        "  static int sum(List values) { return 0; }");
  }

  @Test
  void interfaceParameter() {
    assertUnsupportedParameter(
        "run",
        "action: java.lang.Runnable has no JSON mapping; an interface has no fixed set of"
            + " properties; use a record instead",
        "Runnable action",
        "  @Tool(\"Runs\")",
        "  static String run(Runnable action) { return \"\"; }");
  }

  @Test
  void typeVariableParameter() {
    assertUnsupportedParameter(
        "echo",
        "value: type variable T has no JSON mapping; a type variable has no schema",
        "T value",
        "  @Tool(\"Echoes\")",
        "  static <T> String echo(T value) { return String.valueOf(value); }");
  }

  @Test
  void unmappedTypeDeepInsideRecordsIsNamedByItsPath() {
    assertUnsupportedParameter(
        "place",
        "order.items[].price: java.lang.Object has no JSON mapping",
        "Order order",
        "  record Item(String sku, Object price) {}",
        "  record Order(List<Item> items) {}",
        "  @Tool(\"Places an order\")",
        "  static String place(Order order) { return \"\"; }");
  }

  @Test
  void concreteCollectionClass() {
    assertUnsupportedParameter(
        "tag",
        "tags: java.util.ArrayList<java.lang.String> has no JSON mapping; declare it as List<T>,"
            + " Set<T> or Collection<T>",
        "ArrayList<String> tags",
        "  @Tool(\"Tags\")",
        "  static String tag(ArrayList<String> tags) { return \"\"; }");
  }

  @Test
  void byteArray() {
    assertUnsupportedParameter(
        "upload",
        "data: byte[] has no JSON mapping; use a String (e.g. base64) or List<Integer>",
        "byte[] data",
        "  @Tool(\"Uploads\")",
        "  static String upload(byte[] data) { return \"\"; }");
  }

  @Test
  void privateRecordParameter() {
    assertUnsupportedParameter(
        "keep",
        "secret: com.acme.Tools.Secret has no JSON mapping; it is private, so generated code"
            + " cannot name it",
        "Secret secret",
        "  private record Secret(String value) {}",
        "  @Tool(\"Keeps a secret\")",
        "  static String keep(Secret secret) { return \"\"; }");
  }

  @Test
  void genericRecord() {
    assertUnsupportedParameter(
        "first",
        "page: com.acme.Tools.Page<java.lang.String> has no JSON mapping; generic records are not"
            + " supported",
        "Page<String> page",
        "  record Page<T>(List<T> items) {}",
        "  @Tool(\"First item\")",
        "  static String first(Page<String> page) { return \"\"; }");
  }

  @Test
  void returnTypeWithoutMapping() {
    JavaFileObject file =
        holder("  @Tool(\"Looks up a key\")", "  static Object lookup(String key) { return key; }");
    Compilation compilation = compile(file);
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/UnsupportedToolType] tool 'lookup' returns a value that cannot be written"
                    + " as JSON: Object: java.lang.Object has no JSON mapping"))
        .inFile(file)
        .onLineContaining("static Object lookup");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void returnTypeNamesThePathInsideTheResult() {
    JavaFileObject file =
        holder(
            "  record Page(List<Optional<Thread>> rows) {}",
            "  @Tool(\"Lists\")",
            "  static Page list() { return null; }");
    Compilation compilation = compile(file);
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "tool 'list' returns a value that cannot be written as JSON: Page.rows[]:"
                    + " java.lang.Thread has no JSON mapping"))
        .inFile(file)
        .onLineContaining("static Page list()");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void privateMethod() {
    JavaFileObject file =
        holder("  @Tool(\"Secret tool\")", "  private String hidden() { return \"\"; }");
    Compilation compilation = compile(file);
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/PrivateTool] tool method hidden is private, so the generated Tools_Tools"
                    + " cannot call it; make it package-private or public"))
        .inFile(file)
        .onLineContaining("private String hidden()");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void methodInPrivateNestedClass() {
    JavaFileObject file =
        holder(
            "  private static class Hidden {",
            "    @Tool(\"Hidden tool\")",
            "    String peek() { return \"\"; }",
            "  }");
    Compilation compilation = compile(file);
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/PrivateTool] tool method peek is in private class Hidden, so the generated"
                    + " binding cannot call it; make Hidden package-private or public"))
        .inFile(file)
        .onLineContaining("String peek()");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void methodInClassNestedInAPrivateClass() {
    // (A local class cannot be reported: javac shows processors nothing inside method bodies.)
    JavaFileObject file =
        holder(
            "  private static class Hidden {",
            "    static class Inner {",
            "      @Tool(\"Hidden tool\")",
            "      static String peek() { return \"\"; }",
            "    }",
            "  }");
    Compilation compilation = compile(file);
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/PrivateTool] tool method peek is in private class Hidden, so the generated"
                    + " binding cannot call it"))
        .inFile(file)
        .onLineContaining("static String peek()");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void invalidExplicitNameIsReportedOnTheNameValue() {
    JavaFileObject file =
        holder(
            "  @Tool(",
            "      value = \"Weather\",",
            "      name = \"get weather\")",
            "  static String weather() { return \"\"; }");
    Compilation compilation = compile(file);
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/InvalidToolName] tool name 'get weather' is not a tool name the model APIs"
                    + " accept: use 1 to 64 letters, digits, '_' or '-'; e.g. @Tool(name ="
                    + " \"get_weather\")"))
        .inFile(file)
        .onLineContaining("name = \"get weather\"");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void tooLongName() {
    String name = "x".repeat(65);
    JavaFileObject file =
        holder(
            "  @Tool(value = \"Long\",",
            "      name = \"" + name + "\")",
            "  static String longName() { return \"\"; }");
    Compilation compilation = compile(file);
    assertThat(compilation)
        .hadErrorContainingMatch(wrapped("[Cadre/InvalidToolName] tool name '" + name + "'"))
        .inFile(file)
        .onLineContaining("name = \"" + name);
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void methodNameThatIsNoToolNameIsReportedOnTheAnnotation() {
    JavaFileObject file =
        holder("  @Tool(\"Dollar\")", "  static String get$weather() { return \"\"; }");
    Compilation compilation = compile(file);
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/InvalidToolName] method name 'get$weather' is not a tool name the model"
                    + " APIs accept"))
        .inFile(file)
        .onLineContaining("@Tool(\"Dollar\")");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void overloadsShareTheirNameAndTheSecondIsReported() {
    JavaFileObject file =
        holder(
            "  @Tool(\"Search by text\")",
            "  static String search(String text) { return text; }",
            "  @Tool(\"Search by id\")",
            "  static String search(int id) { return \"\"; }");
    Compilation compilation = compile(file);
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/DuplicateToolName] tool name 'search' is already taken by"
                    + " search(java.lang.String) in Tools, so the model could not tell the two"
                    + " apart"))
        .inFile(file)
        .onLineContaining("@Tool(\"Search by id\")");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void explicitDuplicateNameIsReportedOnTheNameValue() {
    JavaFileObject file =
        holder(
            "  @Tool(\"Finds\")",
            "  static String find(String text) { return text; }",
            "  @Tool(value = \"Looks\",",
            "      name = \"find\")",
            "  static String look(String text) { return text; }");
    Compilation compilation = compile(file);
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/DuplicateToolName] tool name 'find' is already taken by"
                    + " find(java.lang.String)"))
        .inFile(file)
        .onLineContaining("name = \"find\"");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void parameterNameTheModelApisReject() {
    JavaFileObject file =
        holder("  @Tool(\"Cities\")", "  static String city(String città) { return città; }");
    Compilation compilation = compile(file);
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/InvalidParameterName] parameter name 'città' of tool 'city' is not accepted"
                    + " by the model APIs"))
        .inFile(file)
        .onLineContaining("static String city(");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void missingDescriptionIsAWarningAndTheBindingIsStillWritten() {
    JavaFileObject file = holder("  @Tool", "  static String ping() { return \"pong\"; }");
    Compilation compilation = compile(file);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContainingMatch(
            wrapped(
                "[Cadre/MissingToolDescription] tool 'ping' has no description, so the model must"
                    + " guess from its name when to call it; write what it does in @Tool(\"...\")"
                    + " or in the method's Javadoc"))
        .inFile(file)
        .onLineContaining("@Tool");
    assertThat(compilation).generatedSourceFile("com.acme.Tools_Tools").isNotNull();
  }

  @Test
  void javadocIsADescription() {
    JavaFileObject file =
        holder("  /** Answers pong. */", "  @Tool", "  static String ping() { return \"pong\"; }");
    Compilation compilation = compile(file);
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void everyFindingIsReportedInOneCompilation() {
    JavaFileObject file =
        holder(
            "  @Tool(\"One\")",
            "  private String one(Object a, Runnable b) { return \"\"; }",
            "  @Tool(value = \"Two\", name = \"bad name\")",
            "  static Object two() { return null; }",
            "  @Tool(value = \"Three\", name = \"one\")",
            "  static String three() { return \"\"; }");
    Compilation compilation = compile(file);
    assertThat(compilation).hadErrorContainingMatch(wrapped("[Cadre/PrivateTool] tool method one"));
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped("tool 'one' takes a parameter the model cannot send as JSON: a:"));
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped("tool 'one' takes a parameter the model cannot send as JSON: b:"));
    assertThat(compilation)
        .hadErrorContainingMatch(wrapped("[Cadre/InvalidToolName] tool name 'bad name'"));
    assertThat(compilation).hadErrorContainingMatch(wrapped("tool 'bad name' returns a value"));
    assertThat(compilation)
        .hadErrorContainingMatch(wrapped("[Cadre/DuplicateToolName] tool name 'one'"));
    assertThat(compilation).hadErrorCount(6);
  }
}
