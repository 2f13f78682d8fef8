package dev.cadre.processor.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.processor.tool.Compiled;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolArguments;
import dev.cadre.tool.ToolContext;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kind of {@link JsonType} through generated code: a tool reads a record holding one of each
 * and writes it back, and what comes out must be what went in.
 */
class CodecsRoundTripTest {

  static final String[] ECHO = {
    "package com.acme;",
    "",
    "import dev.cadre.annotations.Tool;",
    "import java.math.*;",
    "import java.time.*;",
    "import java.util.*;",
    "",
    "public class Echo {",
    "  public enum Kind { A, B }",
    "  public record Inner(String name, Optional<Inner2> next) {}",
    "  public record Inner2(int depth) {}",
    "  public record Everything(",
    "      int i, Integer boxedI, long l, Long boxedL, short s, Short boxedS, byte b, Byte boxedB,",
    "      double d, Double boxedD, float f, Float boxedF, boolean z, Boolean boxedZ,",
    "      char c, Character boxedC, String text, BigDecimal decimal, BigInteger big,",
    "      OptionalInt oi, OptionalLong ol, OptionalDouble od,",
    "      LocalDate date, LocalDateTime dateTime, LocalTime time, Instant instant,",
    "      OffsetDateTime offset, ZonedDateTime zoned, Duration duration, Period period,",
    "      Kind kind, List<Kind> kinds, Set<String> set, Collection<Integer> collection,",
    "      Map<String, List<Integer>> map, Optional<String> maybe, Optional<Inner> inner,",
    "      int[] ints, String[][] grid, char[] chars, List<Optional<String>> holes,",
    "      Inner[] inners, List<List<Kind>> nested) {}",
    "",
    "  @Tool(\"Echoes\")",
    "  public static Everything echo(Everything value) { return value; }",
    "}",
  };

  static final String EVERYTHING =
      "{'i':1,'boxedI':-2,'l':9007199254740993,'boxedL':4,'s':5,'boxedS':-6,'b':7,'boxedB':-8,"
          + "'d':0.1,'boxedD':2.5,'f':1.5,'boxedF':-0.25,'z':true,'boxedZ':false,"
          + "'c':'x','boxedC':'é','text':'say \\\"hi\\\"','decimal':1.10,"
          + "'big':123456789012345678901234567890,"
          + "'oi':3,'ol':4,'od':0.5,"
          + "'date':'2024-02-29','dateTime':'2024-05-31T14:30:15','time':'14:30:15',"
          + "'instant':'2024-05-31T12:00:00Z','offset':'2024-05-31T14:30:15+02:00',"
          + "'zoned':'2024-05-31T14:30:15+02:00[Europe/Paris]','duration':'PT1H30M',"
          + "'period':'P1Y2M10D',"
          + "'kind':'B','kinds':['A','B','A'],'set':['z','a'],'collection':[3,1],"
          + "'map':{'odd':[1,3],'none':[]},'maybe':'here','inner':{'name':'n','next':{'depth':2}},"
          + "'ints':[1,2],'grid':[['a'],[],['b','c']],'chars':['p','q'],'holes':['h','i'],"
          + "'inners':[{'name':'m'}],'nested':[['A'],['B','B']]}";

  static Tool echo;
  static ObjectNode parameters;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void compile() throws Exception {
    Compilation compilation = Compiled.compile("com.acme.Echo", ECHO);
    CompilationSubject.assertThat(compilation).succeededWithoutWarnings();
    ClassLoader loader = Compiled.load(compilation);
    List<Tool> tools =
        (List<Tool>) loader.loadClass("com.acme.Echo_Tools").getMethod("tools").invoke(null);
    echo = tools.get(0);
    parameters = echo.spec().parameters();
  }

  static JsonNode json(String text) throws Exception {
    return Json.parse(text.replace('\'', '"'));
  }

  static String call(String arguments) throws Exception {
    return (String)
        echo.function()
            .call((ObjectNode) json(arguments), new ToolContext("c", new CancellationToken()));
  }

  @Test
  void everyKindComesBackAsItWent() throws Exception {
    JsonNode value = json(EVERYTHING);
    // The validator the runtime runs first agrees the input fits the generated schema.
    assertThat(ToolArguments.validate(json("{'value':" + EVERYTHING + "}"), parameters)).isEmpty();

    String out = call("{'value':" + EVERYTHING + "}");

    assertThat(Json.parse(out)).isEqualTo(value);
  }

  @Test
  void absentOptionalsAreLeftOutOnTheWayBack() throws Exception {
    ObjectNode value = (ObjectNode) json(EVERYTHING);
    value.remove(List.of("oi", "ol", "od", "maybe", "inner"));
    value.putNull("maybe");

    JsonNode out = Json.parse(call("{'value':" + value + "}"));

    value.remove("maybe");
    assertThat(out).isEqualTo(value);
  }

  @Test
  void errorsDeepInsideNameTheFullPath() throws Exception {
    ObjectNode value = (ObjectNode) json(EVERYTHING);
    ((ObjectNode) value.get("map")).putArray("odd").add(1).add("three");

    assertThatThrownBy(() -> call("{'value':" + value + "}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("argument 'value.map.odd[1]' must be an integer, got \"three\"");

    ObjectNode noText = (ObjectNode) json(EVERYTHING);
    noText.remove("text");
    assertThatThrownBy(() -> call("{'value':" + noText + "}"))
        .hasMessage("missing required argument 'value.text'");
  }
}
