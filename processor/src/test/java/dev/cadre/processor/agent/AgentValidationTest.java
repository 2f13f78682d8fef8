package dev.cadre.processor.agent;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cadre.processor.Wrapping.wrapped;
import static dev.cadre.processor.agent.AgentCompiler.compile;
import static dev.cadre.processor.agent.AgentCompiler.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Every finding of the {@code @Agent} step, each compiled from a small source: the tag and the
 * start of the message, the file, and the line it points at.
 */
class AgentValidationTest {

  private static final String[] IMPORTS = {
    "package test;",
    "",
    "import dev.cadre.agent.AgentResponse;",
    "import dev.cadre.annotations.Agent;",
    "import dev.cadre.annotations.Prompt;",
    "import dev.cadre.annotations.Tool;",
    "import java.util.List;",
    "import java.util.Map;",
    "import java.util.concurrent.CompletableFuture;",
    ""
  };

  /** {@code test.<name>} with the usual imports and {@code lines}. */
  private static JavaFileObject file(String name, String... lines) {
    List<String> all = new ArrayList<>(List.of(IMPORTS));
    all.addAll(List.of(lines));
    return source("test." + name, all.toArray(String[]::new));
  }

  private static final JavaFileObject BILLING =
      file("Billing", "@Agent(description = \"Handles invoices\")", "interface Billing {}");

  private static final JavaFileObject WEATHER_TOOLS =
      file(
          "WeatherTools",
          "final class WeatherTools {",
          "  @Tool(\"Current weather\")",
          "  static String weather(String city) { return city; }",
          "}");

  private static final JavaFileObject OTHER_WEATHER_TOOLS =
      file(
          "OtherWeatherTools",
          "final class OtherWeatherTools {",
          "  @Tool(value = \"Weather, again\", name = \"weather\")",
          "  static String lookUp(String city) { return city; }",
          "}");

  // -- the annotated type --

  @Test
  void agentOnAClassIsAnError() {
    JavaFileObject bot = file("Bot", "@Agent", "final class Bot {}");
    Compilation compilation = compile(bot);
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped("[Cadre/AgentNotInterface] @Agent goes on an interface, and Bot is a class"))
        .inFile(bot)
        .onLineContaining("final class Bot");
  }

  @Test
  void agentOnARecordOrEnumIsAnError() {
    JavaFileObject record = file("Rec", "@Agent", "record Rec(String a) {}");
    JavaFileObject enumeration = file("Kind", "@Agent", "enum Kind { A }");
    Compilation compilation = compile(record, enumeration);
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped("[Cadre/AgentNotInterface] @Agent goes on an interface, and Rec is a record"))
        .inFile(record)
        .onLineContaining("record Rec");
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped("[Cadre/AgentNotInterface] @Agent goes on an interface, and Kind is an enum"))
        .inFile(enumeration)
        .onLineContaining("enum Kind");
  }

  @Test
  void privateAgentInterfaceIsAnError() {
    JavaFileObject outer =
        file("Outer", "final class Outer {", "  @Agent", "  private interface Hidden {}", "}");
    assertThat(compile(outer))
        .hadErrorContainingMatch(
            wrapped("[Cadre/AgentNotAccessible] the generated CadreOuter_Hidden cannot implement"))
        .inFile(outer)
        .onLineContaining("private interface Hidden");
  }

  @Test
  void genericAgentIsAnError() {
    JavaFileObject bot =
        file(
            "Bot",
            "@Agent",
            "interface Bot<T> {",
            "  @Prompt(\"Hi {{t}}\")",
            "  String hi(T t);",
            "}");
    assertThat(compile(bot))
        .hadErrorContainingMatch(
            wrapped("[Cadre/GenericAgent] agent interface Bot has type parameters"))
        .inFile(bot)
        .onLineContaining("interface Bot<T>");
  }

  @Test
  void genericEntryMethodIsAnError() {
    JavaFileObject bot =
        file(
            "Bot",
            "@Agent",
            "interface Bot {",
            "  @Prompt(\"Hi {{t}}\")",
            "  <T> String hi(T t);",
            "}");
    assertThat(compile(bot))
        .hadErrorContainingMatch(
            wrapped("[Cadre/GenericAgent] entry method hi() has type parameters"))
        .inFile(bot)
        .onLineContaining("<T> String hi");
  }

  // -- entry methods --

  @Test
  void promptOnADefaultMethodIsAnError() {
    JavaFileObject bot =
        file(
            "Bot",
            "@Agent",
            "interface Bot {",
            "  @Prompt(\"Hello\")",
            "  default String hello() { return \"hi\"; }",
            "}");
    assertThat(compile(bot))
        .hadErrorContainingMatch(
            wrapped("[Cadre/AgentEntryNotAbstract] @Prompt is on default method hello()"))
        .inFile(bot)
        .onLineContaining("@Prompt(\"Hello\")");
  }

  @Test
  void promptOnAStaticMethodIsAnError() {
    JavaFileObject bot =
        file(
            "Bot",
            "@Agent",
            "interface Bot {",
            "  @Prompt(\"Hello\")",
            "  static String hello() { return \"hi\"; }",
            "}");
    assertThat(compile(bot))
        .hadErrorContainingMatch(
            wrapped("[Cadre/AgentEntryNotAbstract] @Prompt is on static method hello()"))
        .inFile(bot)
        .onLineContaining("@Prompt(\"Hello\")");
  }

  @Test
  void abstractMethodWithoutPromptIsAnError() {
    JavaFileObject bot =
        file("Bot", "@Agent", "interface Bot {", "  String hello(String name);", "}");
    assertThat(compile(bot))
        .hadErrorContainingMatch(
            wrapped("[Cadre/MissingPrompt] entry method hello() has no @Prompt"))
        .inFile(bot)
        .onLineContaining("String hello(String name);");
  }

  @Test
  void inheritedMethodWithoutPromptIsReportedOnTheAgent() {
    JavaFileObject base = file("Base", "interface Base {", "  String hello();", "}");
    JavaFileObject bot = file("Bot", "@Agent", "interface Bot extends Base {}");
    assertThat(compile(base, bot))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/MissingPrompt] entry method hello() (inherited hello()) has no @Prompt"))
        .inFile(bot)
        .onLineContaining("interface Bot extends Base");
  }

  @Test
  void blankPromptIsAnError() {
    JavaFileObject bot =
        file("Bot", "@Agent", "interface Bot {", "  @Prompt(\"  \")", "  String hello();", "}");
    assertThat(compile(bot))
        .hadErrorContainingMatch(wrapped("[Cadre/MissingPrompt] the prompt of hello() is blank"))
        .inFile(bot)
        .onLineContaining("@Prompt(\"  \")");
  }

  @Test
  void unknownPlaceholderSuggestsTheClosestParameter() {
    JavaFileObject bot =
        file(
            "Bot",
            "@Agent",
            "interface Bot {",
            "  @Prompt(\"Weather in {{cty}} on {{day}}\")",
            "  String weather(String city, String day);",
            "}");
    Compilation compilation = compile(bot);
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/UnknownPlaceholder] the prompt of weather() uses {{cty}}, but the method"
                    + " has no parameter 'cty'; did you mean {{city}}?"))
        .inFile(bot)
        .onLineContaining("@Prompt(\"Weather in {{cty}}");
    // city is then unused too: both findings, not just the first
    assertThat(compilation)
        .hadErrorContainingMatch(wrapped("[Cadre/UnusedParameter] parameter 'city' of weather()"))
        .inFile(bot)
        .onLineContaining("String weather(String city");
  }

  @Test
  void unknownPlaceholderWithNothingCloseListsTheParameters() {
    JavaFileObject bot =
        file(
            "Bot",
            "@Agent",
            "interface Bot {",
            "  @Prompt(\"{{ question }} about {{topic}}\")",
            "  String ask(String topic);",
            "}");
    assertThat(compile(bot))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/UnknownPlaceholder] the prompt of ask() uses {{question}}, but the method"
                    + " has no parameter 'question'; the parameters are {{topic}}; use one of them,"
                    + " or add the parameter"))
        .inFile(bot)
        .onLineContaining("@Prompt(\"{{ question }}");
  }

  @Test
  void unusedParameterIsReportedOnTheParameter() {
    JavaFileObject bot =
        file(
            "Bot",
            "@Agent",
            "interface Bot {",
            "  @Prompt(\"Weather in {{city}}\")",
            "  String weather(",
            "      String city,",
            "      int days);",
            "}");
    assertThat(compile(bot))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/UnusedParameter] parameter 'days' of weather() does not appear in its"
                    + " prompt"))
        .inFile(bot)
        .onLineContaining("int days");
  }

  @Test
  void varargsParameterIsAnError() {
    JavaFileObject bot =
        file(
            "Bot",
            "@Agent",
            "interface Bot {",
            "  @Prompt(\"Compare {{cities}}\")",
            "  String compare(String... cities);",
            "}");
    assertThat(compile(bot))
        .hadErrorContainingMatch(
            wrapped("[Cadre/UnsupportedParameterType] parameter 'cities' of compare() is varargs"))
        .inFile(bot)
        .onLineContaining("String compare(String... cities)");
  }

  @Test
  void jsonParameterWithoutMappingIsAnError() {
    JavaFileObject bot =
        file(
            "Bot",
            "@Agent",
            "interface Bot {",
            "  record Order(Object item) {}",
            "  @Prompt(\"Check {{order}}\")",
            "  String check(Order order);",
            "}");
    assertThat(compile(bot))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/UnsupportedParameterType] parameter 'order' of check() cannot go into the"
                    + " prompt: it is written into the prompt as JSON, but Order.item"))
        .inFile(bot)
        .onLineContaining("String check(Order order)");
  }

  @Test
  void voidReturnTypeIsAnError() {
    JavaFileObject bot =
        file("Bot", "@Agent", "interface Bot {", "  @Prompt(\"Hello\")", "  void hello();", "}");
    assertThat(compile(bot))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/UnsupportedReturnType] entry method hello() returns void: void is not an"
                    + " answer an agent can give; return String, a record or enum"))
        .inFile(bot)
        .onLineContaining("void hello()");
  }

  @Test
  void mapReturnTypeIsAnError() {
    JavaFileObject bot =
        file(
            "Bot",
            "@Agent",
            "interface Bot {",
            "  @Prompt(\"Hello\")",
            "  Map<String, String> hello();",
            "}");
    assertThat(compile(bot))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/UnsupportedReturnType] entry method hello() returns"
                    + " java.util.Map<java.lang.String,java.lang.String>"))
        .inFile(bot)
        .onLineContaining("Map<String, String> hello()");
  }

  @Test
  void recordThatDoesNotMapToJsonIsAnUnsupportedReturnType() {
    JavaFileObject bot =
        file(
            "Bot",
            "@Agent",
            "interface Bot {",
            "  record Answer(Thread thread) {}",
            "  @Prompt(\"Hello\")",
            "  Answer hello();",
            "}");
    assertThat(compile(bot))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/UnsupportedReturnType] entry method hello() returns test.Bot.Answer:"
                    + " test.Bot.Answer cannot be a structured answer: Answer.thread"))
        .inFile(bot)
        .onLineContaining("Answer hello()");
  }

  @Test
  void futureOfAnUnsupportedTypeIsAnError() {
    JavaFileObject bot =
        file(
            "Bot",
            "@Agent",
            "interface Bot {",
            "  @Prompt(\"Hello\")",
            "  CompletableFuture<Integer> hello();",
            "}");
    assertThat(compile(bot))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/UnsupportedReturnType] entry method hello() returns"
                    + " java.util.concurrent.CompletableFuture<java.lang.Integer>:"
                    + " java.lang.Integer is not an answer"))
        .inFile(bot)
        .onLineContaining("CompletableFuture<Integer> hello()");
  }

  @Test
  void checkedExceptionOnAnEntryMethodIsAnError() {
    JavaFileObject bot =
        file(
            "Bot",
            "@Agent",
            "interface Bot {",
            "  @Prompt(\"Hello\")",
            "  String hello() throws java.io.IOException;",
            "}");
    assertThat(compile(bot))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/CheckedException] entry method hello() declares java.io.IOException, which"
                    + " the agent never throws"))
        .inFile(bot)
        .onLineContaining("String hello() throws");
  }

  @Test
  void entryMethodWithTheGeneratedAccessorsSignatureIsAnError() {
    JavaFileObject bot =
        file("Bot", "@Agent", "interface Bot {", "  @Prompt(\"Hello\")", "  String agent();", "}");
    assertThat(compile(bot))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/ReservedMethodName] entry method agent() has the signature of the generated"
                    + " class's own agent() method"))
        .inFile(bot)
        .onLineContaining("String agent();");
  }

  // -- @Agent attributes --

  @Test
  void invalidAgentNameIsReportedOnTheName() {
    JavaFileObject bot = file("Bot", "@Agent(", "    name = \"weather bot\")", "interface Bot {}");
    assertThat(compile(bot))
        .hadErrorContainingMatch(
            wrapped("[Cadre/InvalidAgentName] agent name 'weather bot' is not valid"))
        .inFile(bot)
        .onLineContaining("name = \"weather bot\"");
  }

  @Test
  void agentNamedUserIsAnError() {
    JavaFileObject user = file("User", "@Agent", "interface User {}");
    assertThat(compile(user))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/InvalidAgentName] agent name 'user' is taken by the messages users send;"
                    + " choose another name (set it with @Agent(name = \"...\"))"))
        .inFile(user)
        .onLineContaining("@Agent");
  }

  @Test
  void handoffTargetWhoseToolNameIsTooLongIsAnError() {
    String longName = "a".repeat(60);
    JavaFileObject target =
        file("Target", "@Agent(name = \"" + longName + "\")", "interface Target {}");
    JavaFileObject bot = file("Bot", "@Agent(", "    handoffs = Target.class)", "interface Bot {}");
    assertThat(compile(target, bot))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/InvalidAgentName] the handoff to '"
                    + longName
                    + "' is offered to the model as"
                    + " tool 'transfer_to_"
                    + longName
                    + "', longer than the 64 characters"))
        .inFile(bot)
        .onLineContaining("handoffs = Target.class");
  }

  @Test
  void maxToolIterationsBelowOneIsAnError() {
    JavaFileObject bot = file("Bot", "@Agent(", "    maxToolIterations = 0)", "interface Bot {}");
    assertThat(compile(bot))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/InvalidAgentOption] maxToolIterations is 0, but a turn needs at least one"
                    + " round"))
        .inFile(bot)
        .onLineContaining("maxToolIterations = 0");
  }

  @Test
  void temperatureAboveTwoIsAnError() {
    JavaFileObject bot = file("Bot", "@Agent(", "    temperature = 2.5)", "interface Bot {}");
    assertThat(compile(bot))
        .hadErrorContainingMatch(
            wrapped("[Cadre/InvalidAgentOption] temperature is 2.5, but models take 0 to 2"))
        .inFile(bot)
        .onLineContaining("temperature = 2.5");
  }

  @Test
  void blankModelKeyIsAnError() {
    JavaFileObject bot = file("Bot", "@Agent(", "    model = \" \")", "interface Bot {}");
    assertThat(compile(bot))
        .hadErrorContainingMatch(wrapped("[Cadre/InvalidAgentOption] the model key is blank"))
        .inFile(bot)
        .onLineContaining("model = \" \"");
  }

  @Test
  void handoffToANonAgentIsReportedOnThatValue() {
    JavaFileObject bot =
        file(
            "Bot",
            "@Agent(handoffs = {",
            "    Billing.class,",
            "    String.class})",
            "interface Bot {}");
    assertThat(compile(BILLING, bot))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/HandoffNotAgent] java.lang.String is listed in handoffs but is not an"
                    + " @Agent"))
        .inFile(bot)
        .onLineContaining("String.class");
  }

  @Test
  void handoffListedTwiceIsAnError() {
    JavaFileObject bot =
        file(
            "Bot",
            "@Agent(handoffs = {",
            "    Billing.class,",
            "    Billing.class })",
            "interface Bot {}");
    assertThat(compile(BILLING, bot))
        .hadErrorContainingMatch(
            wrapped("[Cadre/DuplicateHandoff] agent 'billing' is listed in handoffs twice"))
        .inFile(bot)
        .onLineContaining("Billing.class })");
  }

  @Test
  void handoffToItselfIsAnError() {
    JavaFileObject bot = file("Bot", "@Agent(", "    handoffs = Bot.class)", "interface Bot {}");
    assertThat(compile(bot))
        .hadErrorContainingMatch(
            wrapped("[Cadre/DuplicateHandoff] agent 'bot' lists itself in handoffs"))
        .inFile(bot)
        .onLineContaining("handoffs = Bot.class");
  }

  @Test
  void toolHolderWithoutToolsIsReportedOnThatValue() {
    JavaFileObject plain =
        file("Plain", "final class Plain {", "  static String x() { return \"\"; }", "}");
    JavaFileObject bot =
        file(
            "Bot",
            "@Agent(tools = {",
            "    WeatherTools.class,",
            "    Plain.class})",
            "interface Bot {}");
    assertThat(compile(WEATHER_TOOLS, plain, bot))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/ToolHolderWithoutTools] test.Plain is listed in tools but has no @Tool"
                    + " method"))
        .inFile(bot)
        .onLineContaining("Plain.class");
  }

  @Test
  void toolHolderTheGeneratedClassCannotSeeIsAnError() {
    // Bot may name its enclosing class's private member; CadreDesk_Bot, beside Desk, may not.
    JavaFileObject desk =
        file(
            "Desk",
            "final class Desk {",
            "  private static final class Secret {",
            "    @Tool(\"x\") static String x() { return \"\"; }",
            "  }",
            "  @Agent(",
            "      tools = Secret.class)",
            "  interface Bot {}",
            "}");
    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/ToolHolderNotAccessible] the generated CadreDesk_Bot cannot use tool holder"
                    + " test.Desk.Secret, because Secret is private"))
        .inFile(desk)
        .onLineContaining("tools = Secret.class");
  }

  @Test
  void toolHolderListedTwiceIsAnError() {
    JavaFileObject bot =
        file(
            "Bot",
            "@Agent(tools = {",
            "    WeatherTools.class,",
            "    WeatherTools.class })",
            "interface Bot {}");
    assertThat(compile(WEATHER_TOOLS, bot))
        .hadErrorContainingMatch(
            wrapped("[Cadre/DuplicateToolHolder] test.WeatherTools is listed in tools twice"))
        .inFile(bot)
        .onLineContaining("WeatherTools.class })");
  }

  @Test
  void twoHoldersOfferingOneToolNameIsAnError() {
    JavaFileObject bot =
        file(
            "Bot",
            "@Agent(tools = {",
            "    WeatherTools.class,",
            "    OtherWeatherTools.class})",
            "interface Bot {}");
    assertThat(compile(WEATHER_TOOLS, OTHER_WEATHER_TOOLS, bot))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/DuplicateToolName] tool 'weather' is offered by both test.WeatherTools and"
                    + " test.OtherWeatherTools"))
        .inFile(bot)
        .onLineContaining("OtherWeatherTools.class");
  }

  @Test
  void toolNamedLikeAHandoffIsAnError() {
    JavaFileObject tools =
        file(
            "Transfers",
            "final class Transfers {",
            "  @Tool(value = \"x\", name = \"transfer_to_billing\")",
            "  static String x() { return \"\"; }",
            "}");
    JavaFileObject bot =
        file(
            "Bot",
            "@Agent(",
            "    handoffs = Billing.class,",
            "    tools = Transfers.class)",
            "interface Bot {}");
    assertThat(compile(BILLING, tools, bot))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/DuplicateToolName] tool 'transfer_to_billing' of test.Transfers has the"
                    + " name of the agent's handoff tool to 'billing'"))
        .inFile(bot)
        .onLineContaining("tools = Transfers.class");
  }

  // -- all findings, and nothing generated --

  @Test
  void everyFindingIsReportedAndNothingIsGenerated() {
    JavaFileObject bot =
        file(
            "Bot",
            "@Agent(",
            "    name = \"bad name\",",
            "    maxToolIterations = 0)",
            "interface Bot {",
            "  @Prompt(\"{{x}}\")",
            "  String one(String y);",
            "  String two();",
            "}");
    Compilation compilation = compile(bot);
    assertThat(compilation).failed();
    List<String> tags = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      String message = error.getMessage(Locale.ROOT);
      tags.add(message.substring(0, message.indexOf(']') + 1));
    }
    assertThat(tags)
        .containsExactlyInAnyOrder(
            "[Cadre/InvalidAgentName]",
            "[Cadre/InvalidAgentOption]",
            "[Cadre/UnknownPlaceholder]",
            "[Cadre/UnusedParameter]",
            "[Cadre/MissingPrompt]");
  }
}
