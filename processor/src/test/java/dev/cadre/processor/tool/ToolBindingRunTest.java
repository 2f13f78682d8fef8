package dev.cadre.processor.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.tool.JsonSchemas;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolContext;
import dev.cadre.tool.ToolExecutor;
import dev.cadre.tool.ToolResult;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compiles a holder with static and instance tools, loads the generated binding and runs each tool
 * with JSON arguments, as the runtime would.
 */
class ToolBindingRunTest {

  static final String[] PLANNER = {
    "package com.acme;",
    "",
    "import dev.cadre.annotations.Param;",
    "import dev.cadre.annotations.Tool;",
    "import dev.cadre.tool.ToolContext;",
    "import java.io.IOException;",
    "import java.math.BigDecimal;",
    "import java.time.LocalDate;",
    "import java.time.temporal.ChronoUnit;",
    "import java.util.ArrayList;",
    "import java.util.LinkedHashMap;",
    "import java.util.LinkedHashSet;",
    "import java.util.List;",
    "import java.util.Map;",
    "import java.util.Optional;",
    "import java.util.OptionalInt;",
    "import java.util.Set;",
    "import java.util.TreeSet;",
    "",
    "public class Planner {",
    "  public enum Priority { LOW, HIGH }",
    "",
    "  public record Task(",
    "      String title, LocalDate due, Priority priority, List<String> tags, Optional<String>"
        + " note) {}",
    "",
    "  public record Plan(String owner, List<Task> tasks, Map<String, Integer> countByPriority) {}",
    "",
    "  private final List<Task> tasks = new ArrayList<>();",
    "",
    "  /**",
    "   * Adds a task to the plan.",
    "   *",
    "   * @param task what to do, and by when",
    "   */",
    "  @Tool",
    "  public String add(Task task) {",
    "    tasks.add(task);",
    "    return \"added \" + task.title();",
    "  }",
    "",
    "  @Tool(\"The plan, with only the tasks due by a date if one is given\")",
    "  public Plan plan(",
    "      @Param(\"Whose plan\") String owner,",
    "      @Param(\"Last due date to include\") Optional<LocalDate> until,",
    "      ToolContext context) {",
    "    context.cancellation().throwIfCancelled();",
    "    List<Task> due = new ArrayList<>();",
    "    Map<String, Integer> counts = new LinkedHashMap<>();",
    "    for (Task task : tasks) {",
    "      if (until.isEmpty() || !task.due().isAfter(until.get())) {",
    "        due.add(task);",
    "        counts.merge(task.priority().name(), 1, Integer::sum);",
    "      }",
    "    }",
    "    return new Plan(owner, due, counts);",
    "  }",
    "",
    "  @Tool(\"Days from one date to another\")",
    "  public static long daysBetween(LocalDate from, LocalDate to) {",
    "    return ChronoUnit.DAYS.between(from, to);",
    "  }",
    "",
    "  @Tool(\"Forgets every task\")",
    "  public void clear() {",
    "    tasks.clear();",
    "  }",
    "",
    "  @Tool(value = \"Distinct tags, sorted, at most limit of them\", name = \"all-tags\")",
    "  public static Set<String> tags(Map<String, List<String>> byTask, OptionalInt limit) {",
    "    TreeSet<String> all = new TreeSet<>();",
    "    byTask.values().forEach(all::addAll);",
    "    return limit.isPresent() && all.size() > limit.getAsInt()",
    "        ? new LinkedHashSet<>(new ArrayList<>(all).subList(0, limit.getAsInt()))",
    "        : all;",
    "  }",
    "",
    "  @Tool(\"Total of amounts\")",
    "  public static BigDecimal total(double[] amounts, char currency) {",
    "    BigDecimal sum = BigDecimal.ZERO;",
    "    for (double amount : amounts) {",
    "      sum = sum.add(BigDecimal.valueOf(amount));",
    "    }",
    "    return sum;",
    "  }",
    "",
    "  @Tool(\"Priority named in a text, if any\")",
    "  public static Optional<Priority> priorityIn(String text) {",
    "    return text.contains(\"urgent\") ? Optional.of(Priority.HIGH) : Optional.empty();",
    "  }",
    "",
    "  @Tool(\"Always fails\")",
    "  public static String fail(String reason) throws IOException {",
    "    throw new IOException(reason);",
    "  }",
    "}",
  };

  static Compilation compilation;
  static Compiled classes;

  @BeforeAll
  static void compile() {
    compilation = Compiled.compile("com.acme.Planner", PLANNER);
    CompilationSubject.assertThat(compilation).succeededWithoutWarnings();
    classes = Compiled.load(compilation);
  }

  Object planner;
  Map<String, Tool> tools;

  ToolBindingRunTest() throws Exception {
    planner = classes.loadClass("com.acme.Planner").getConstructor().newInstance();
    tools = tools(planner);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Tool> tools(Object planner) throws Exception {
    Class<?> binding = classes.loadClass("com.acme.Planner_Tools");
    List<Tool> list =
        (List<Tool>) binding.getMethod("tools", planner.getClass()).invoke(null, planner);
    Map<String, Tool> byName = new LinkedHashMap<>();
    list.forEach(tool -> byName.put(tool.name(), tool));
    return byName;
  }

  static Object call(Tool tool, String arguments) throws Exception {
    return tool.function()
        .call((ObjectNode) json(arguments), new ToolContext("call-1", new CancellationToken()));
  }

  static JsonNode json(String text) throws Exception {
    return Json.parse(text.replace('\'', '"'));
  }

  @Test
  void toolsComeInDeclarationOrderWithTheirNamesAndDescriptions() {
    assertThat(tools.keySet())
        .containsExactly(
            "add", "plan", "daysBetween", "clear", "all-tags", "total", "priorityIn", "fail");
    assertThat(tools.get("add").spec().description()).isEqualTo("Adds a task to the plan.");
    assertThat(tools.get("all-tags").spec().description())
        .isEqualTo("Distinct tags, sorted, at most limit of them");
  }

  @Test
  void parameterSchemasAreWhatTheRuntimeBuilderWrites() throws Exception {
    ObjectNode plan =
        JsonSchemas.object()
            .property("owner", JsonSchemas.string(), "Whose plan")
            .property(
                "until",
                JsonSchemas.describe(JsonSchemas.string(), null).put("format", "date"),
                "Last due date to include",
                false)
            .build();
    assertThat(tools.get("plan").spec().parameters().toString()).isEqualTo(plan.toString());

    ObjectNode add = (ObjectNode) tools.get("add").spec().parameters();
    assertThat(add.at("/properties/task/description").asText())
        .isEqualTo("what to do, and by when");
    assertThat(add.at("/properties/task/required"))
        .isEqualTo(json("['title','due','priority','tags']"));
  }

  @Test
  void instanceToolsReadRecordsEnumsListsAndOptionalsAndWriteJson() throws Exception {
    assertThat(
            call(
                tools.get("add"),
                "{'task':{'title':'taxes','due':'2024-04-15','priority':'HIGH','tags':['money'],"
                    + "'note':'before noon'}}"))
        .isEqualTo("added taxes");
    assertThat(
            call(
                tools.get("add"),
                "{'task':{'title':'garden','due':'2024-06-01','priority':'LOW','tags':[]}}"))
        .isEqualTo("added garden");

    Object all = call(tools.get("plan"), "{'owner':'ana'}");
    assertThat(json((String) all))
        .isEqualTo(
            json(
                "{'owner':'ana','tasks':["
                    + "{'title':'taxes','due':'2024-04-15','priority':'HIGH','tags':['money'],"
                    + "'note':'before noon'},"
                    + "{'title':'garden','due':'2024-06-01','priority':'LOW','tags':[]}],"
                    + "'countByPriority':{'HIGH':1,'LOW':1}}"));

    Object due = call(tools.get("plan"), "{'owner':'ana','until':'2024-05-01'}");
    assertThat(json((String) due).at("/tasks").size()).isEqualTo(1);
    assertThat(json((String) due).at("/tasks/0/title").asText()).isEqualTo("taxes");
  }

  @Test
  void voidToolsAnswerDone() throws Exception {
    call(tools.get("add"), "{'task':{'title':'a','due':'2024-01-01','priority':'LOW','tags':[]}}");

    assertThat(call(tools.get("clear"), "{}")).isEqualTo("done");
    assertThat(json((String) call(tools.get("plan"), "{'owner':'bo'}")).at("/tasks"))
        .isEqualTo(json("[]"));
  }

  @Test
  void staticToolsReadDatesMapsArraysAndPrimitiveOptionals() throws Exception {
    assertThat(call(tools.get("daysBetween"), "{'from':'2024-02-27','to':'2024-03-01'}"))
        .isEqualTo("3");
    assertThat(
            json(
                (String)
                    call(
                        tools.get("all-tags"),
                        "{'byTask':{'a':['x','z'],'b':['y','x']},'limit':2}")))
        .isEqualTo(json("['x','y']"));
    assertThat(call(tools.get("all-tags"), "{'byTask':{'a':['b','a']}}"))
        .isEqualTo("[\"a\",\"b\"]");
    assertThat(call(tools.get("total"), "{'amounts':[1.25,2.5],'currency':'E'}")).isEqualTo("3.75");
    assertThat(call(tools.get("priorityIn"), "{'text':'urgent!'}")).isEqualTo("\"HIGH\"");
    assertThat(call(tools.get("priorityIn"), "{'text':'whenever'}")).isEqualTo("");
  }

  @Test
  void aBadDateSaysWhichArgumentAndWhatWasExpected() {
    assertThatThrownBy(
            () -> call(tools.get("daysBetween"), "{'from':'tomorrow','to':'2024-03-01'}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("argument 'from' must be an ISO-8601 date like 2024-05-31, got \"tomorrow\"");
    assertThatThrownBy(
            () ->
                call(
                    tools.get("add"),
                    "{'task':{'title':'a','due':'31/12/2024','priority':'LOW','tags':[]}}"))
        .hasMessage(
            "argument 'task.due' must be an ISO-8601 date like 2024-05-31, got \"31/12/2024\"");
  }

  @Test
  void anUnknownEnumConstantNamesTheConstants() {
    assertThatThrownBy(
            () ->
                call(
                    tools.get("add"),
                    "{'task':{'title':'a','due':'2024-12-31','priority':'urgent','tags':[]}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("argument 'task.priority' must be one of [LOW, HIGH], got \"urgent\"");
  }

  @Test
  void throughTheExecutorTheModelReadsTheErrors() {
    ToolExecutor executor = new ToolExecutor(List.copyOf(tools.values()));

    ToolResult badDate =
        executor.execute(
            new ToolCall("c1", "daysBetween", "{\"from\":\"tomorrow\",\"to\":\"2024-03-01\"}"),
            new CancellationToken());
    ToolResult failed =
        executor.execute(
            new ToolCall("c2", "fail", "{\"reason\":\"disk full\"}"), new CancellationToken());
    ToolResult missing =
        executor.execute(
            new ToolCall("c3", "daysBetween", "{\"from\":\"2024-01-01\"}"),
            new CancellationToken());

    assertThat(badDate.error()).isTrue();
    assertThat(badDate.content())
        .isEqualTo(
            "invalid arguments for tool 'daysBetween', so it was not run:\n"
                + "- argument 'from' must be an ISO-8601 date like 2024-05-31, got \"tomorrow\"\n"
                + "Call it again with arguments that match its parameter schema.");
    assertThat(failed.content()).isEqualTo("tool 'fail' failed: IOException: disk full");
    assertThat(missing.content()).contains("missing required argument 'to'");
  }

  @Test
  void numbersNoJavaTypeHoldsAreBadArgumentsNotFailedTools() {
    ToolExecutor executor = new ToolExecutor(List.copyOf(tools.values()));

    ToolResult tooMany =
        executor.execute(
            new ToolCall("c1", "all-tags", "{\"byTask\":{},\"limit\":3000000000}"),
            new CancellationToken());
    ToolResult infinite =
        executor.execute(
            new ToolCall("c2", "total", "{\"amounts\":[1,1e400],\"currency\":\"E\"}"),
            new CancellationToken());

    assertThat(tooMany.content())
        .isEqualTo(
            "invalid arguments for tool 'all-tags', so it was not run:\n"
                + "- argument 'limit' must be an integer from -2147483648 to 2147483647,"
                + " got 3000000000\n"
                + "Call it again with arguments that match its parameter schema.");
    assertThat(infinite.content())
        .contains(
            "- argument 'amounts[1]' must be a number, got a number too large to hold"
                + " (above 1.7976931348623157E308)");
  }

  @Test
  void aNullInstanceIsRefusedNamingTheHolder() {
    assertThatThrownBy(
            () ->
                classes
                    .loadClass("com.acme.Planner_Tools")
                    .getMethod("tools", classes.loadClass("com.acme.Planner"))
                    .invoke(null, (Object) null))
        .isInstanceOf(InvocationTargetException.class)
        .cause()
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("Planner instance is null");
  }

  @Test
  void eachCallOfToolsGivesSpecsOfItsOwn() throws Exception {
    Map<String, Tool> again = tools(planner);
    ((ObjectNode) tools.get("add").spec().parameters()).put("changed", true);

    assertThat(again.get("add").spec().parameters().has("changed")).isFalse();
  }

  @Test
  void generatedSourcesUseNoReflection() {
    List<JavaFileObject> generated = compilation.generatedSourceFiles();
    assertThat(generated).isNotEmpty();
    for (JavaFileObject file : generated) {
      String text = Compiled.text(file);
      assertThat(text).doesNotContain("java.lang.reflect", "getClass()", "Class.forName");
      assertThat(text).doesNotContain(".class");
    }
  }
}
