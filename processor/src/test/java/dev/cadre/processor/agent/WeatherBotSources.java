package dev.cadre.processor.agent;

import static dev.cadre.processor.agent.AgentCompiler.source;

import com.google.testing.compile.Compilation;
import dev.cadre.processor.CadreProcessor;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/**
 * A representative agent, {@code com.acme.weather.WeatherBot}: tools from an instance holder and a
 * static one, a handoff, a model key, options, and every kind of entry method. The golden test and
 * the tool test compile it.
 */
final class WeatherBotSources {

  private WeatherBotSources() {}

  static final JavaFileObject WEATHER_BOT =
      source(
          "com.acme.weather.WeatherBot",
          "package com.acme.weather;",
          "",
          "import dev.cadre.agent.AgentResponse;",
          "import dev.cadre.annotations.Agent;",
          "import dev.cadre.annotations.Prompt;",
          "import java.util.List;",
          "import java.util.concurrent.CompletableFuture;",
          "",
          "@Agent(",
          "    description = \"Answers weather questions\",",
          "    systemMessage = \"You answer questions about the weather. Use your tools.\",",
          "    tools = {WeatherTools.class, Units.class},",
          "    handoffs = Billing.class,",
          "    model = \"fast\",",
          "    temperature = 0.2,",
          "    maxToolIterations = 5,",
          "    streaming = true)",
          "public interface WeatherBot {",
          "  record Forecast(String city, int high, List<String> notes) {}",
          "",
          "  enum Sea { CALM, ROUGH }",
          "",
          "  @Prompt(\"What is the weather in {{city}}?\")",
          "  String weather(String city);",
          "",
          "  @Prompt(\"Forecast the next {{days}} days in {{ city }}.\")",
          "  Forecast forecast(String city, int days);",
          "",
          "  @Prompt(\"How is the sea near {{city}}? Our last forecast: {{earlier}}\")",
          "  CompletableFuture<Sea> sea(String city, Forecast earlier);",
          "",
          "  @Prompt(\"Summarise for the log: {{text}}\")",
          "  AgentResponse summarise(String text);",
          "}");

  static final JavaFileObject WEATHER_TOOLS =
      source(
          "com.acme.weather.WeatherTools",
          "package com.acme.weather;",
          "",
          "import dev.cadre.annotations.Tool;",
          "import java.util.Map;",
          "",
          "public final class WeatherTools {",
          "  private final Map<String, String> skies;",
          "",
          "  public WeatherTools(Map<String, String> skies) {",
          "    this.skies = skies;",
          "  }",
          "",
          "  @Tool(\"The sky over a city now\")",
          "  public String weather(String city) {",
          "    return skies.getOrDefault(city, \"unknown\");",
          "  }",
          "}");

  static final JavaFileObject UNITS =
      source(
          "com.acme.weather.Units",
          "package com.acme.weather;",
          "",
          "import dev.cadre.annotations.Tool;",
          "",
          "public final class Units {",
          "  private Units() {}",
          "",
          "  @Tool(\"Degrees Celsius in Fahrenheit\")",
          "  public static double fahrenheit(double celsius) {",
          "    return celsius * 9 / 5 + 32;",
          "  }",
          "}");

  static final JavaFileObject BILLING =
      source(
          "com.acme.weather.Billing",
          "package com.acme.weather;",
          "",
          "@dev.cadre.annotations.Agent(description = \"Handles invoices and refunds\")",
          "public interface Billing {}");

  /**
   * Hand-written stand-ins for what the tool step writes, per the contract between the steps
   * ({@code <Holder>_Tools.tools(instance)} / {@code tools()}). They are compiled only while no
   * tool step is registered with the processor; once it is, its own classes are used.
   */
  private static final JavaFileObject WEATHER_TOOLS_TOOLS =
      source(
          "com.acme.weather.WeatherTools_Tools",
          "package com.acme.weather;",
          "",
          "import dev.cadre.tool.JsonSchemas;",
          "import dev.cadre.tool.Tool;",
          "import dev.cadre.tool.ToolSpec;",
          "import java.util.List;",
          "import java.util.Objects;",
          "",
          "public final class WeatherTools_Tools {",
          "  private WeatherTools_Tools() {}",
          "",
          "  public static List<Tool> tools(WeatherTools instance) {",
          "    Objects.requireNonNull(instance, \"WeatherTools\");",
          "    ToolSpec weather = new ToolSpec(\"weather\", \"The sky over a city now\",",
          "        JsonSchemas.object().property(\"city\", JsonSchemas.string(), null).build());",
          "    return List.of(Tool.of(weather,",
          "        (args, context) -> instance.weather(args.get(\"city\").asText())));",
          "  }",
          "}");

  private static final JavaFileObject UNITS_TOOLS =
      source(
          "com.acme.weather.Units_Tools",
          "package com.acme.weather;",
          "",
          "import dev.cadre.tool.JsonSchemas;",
          "import dev.cadre.tool.Tool;",
          "import dev.cadre.tool.ToolSpec;",
          "import java.util.List;",
          "",
          "public final class Units_Tools {",
          "  private Units_Tools() {}",
          "",
          "  public static List<Tool> tools() {",
          "    ToolSpec fahrenheit = new ToolSpec(\"fahrenheit\", \"Degrees Celsius in"
              + " Fahrenheit\",",
          "        JsonSchemas.object().property(\"celsius\", JsonSchemas.number(),"
              + " null).build());",
          "    return List.of(Tool.of(fahrenheit,",
          "        (args, context) -> Units.fahrenheit(args.get(\"celsius\").asDouble())));",
          "  }",
          "}");

  /** The agent, its holders and handoff target, and the tool stand-ins when needed. */
  static Compilation compile() {
    List<JavaFileObject> sources =
        new ArrayList<>(List.of(WEATHER_BOT, WEATHER_TOOLS, UNITS, BILLING));
    if (!toolStepRegistered()) {
      sources.add(WEATHER_TOOLS_TOOLS);
      sources.add(UNITS_TOOLS);
    }
    return AgentCompiler.compile(sources.toArray(JavaFileObject[]::new));
  }

  /** Whether the processor has a step for {@code @Tool}, so that it writes the holders' classes. */
  static boolean toolStepRegistered() {
    CadreProcessor processor = new CadreProcessor();
    com.google.testing.compile.Compiler.javac()
        .withProcessors(processor)
        .compile(source("probe.Probe", "package probe;", "final class Probe {}"));
    return processor.getSupportedAnnotationTypes().contains("dev.cadre.annotations.Tool");
  }
}
