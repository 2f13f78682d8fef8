package dev.cadre.processor.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The generated source of one representative holder, compared with a golden file, exactly.
 *
 * <p>After an intended change to the generated code, regenerate the golden file and review the
 * diff:
 *
 * <pre>
 * mvn -B -o test -pl processor -am -Dtest=ToolGoldenTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dcadre.golden.update=true
 * </pre>
 */
class ToolGoldenTest {

  static final Path GOLDEN =
      Path.of(System.getProperty("basedir", "."))
          .resolve("src/test/resources/golden/tool/WeatherTools_Tools.java");

  static final String[] WEATHER_TOOLS = {
    "package com.acme.weather;",
    "",
    "import dev.cadre.annotations.Param;",
    "import dev.cadre.annotations.Tool;",
    "import dev.cadre.tool.ToolContext;",
    "import java.io.IOException;",
    "import java.time.LocalDate;",
    "import java.util.List;",
    "import java.util.Map;",
    "import java.util.Optional;",
    "",
    "/** Weather lookups an agent can use. */",
    "public class WeatherTools {",
    "  public enum Unit { CELSIUS, FAHRENHEIT }",
    "",
    "  public record Day(LocalDate date, double high, double low, Optional<String> summary) {}",
    "",
    "  public record Forecast(String city, Unit unit, List<Day> days) {}",
    "",
    "  /**",
    "   * The forecast for a city, day by day.",
    "   *",
    "   * <p>Days with no data are left out.",
    "   *",
    "   * @param city the city, e.g. {@code Paris}",
    "   * @param days how many days, from 1 to 14",
    "   */",
    "  @Tool",
    "  public Forecast forecast(",
    "      String city, int days, @Param(\"CELSIUS if left out\") Optional<Unit> unit)",
    "      throws IOException {",
    "    return new Forecast(city, unit.orElse(Unit.CELSIUS), List.of());",
    "  }",
    "",
    "  @Tool(value = \"Highest temperature per city on a date\", name = \"max_temperatures\")",
    "  public static Map<String, Double> maxima(List<String> cities, LocalDate date) {",
    "    return Map.of();",
    "  }",
    "",
    "  @Tool(\"Forgets cached forecasts\")",
    "  public void reset(ToolContext context) {}",
    "}",
  };

  @Test
  void generatedSourceMatchesTheGoldenFile() throws IOException {
    Compilation compilation = Compiled.compile("com.acme.weather.WeatherTools", WEATHER_TOOLS);
    CompilationSubject.assertThat(compilation).succeededWithoutWarnings();
    String generated = generated(compilation);

    if (Boolean.getBoolean("cadre.golden.update")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, generated, StandardCharsets.UTF_8);
    }
    assertThat(generated).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }

  @Test
  void outputIsDeterministic() {
    String first = generated(Compiled.compile("com.acme.weather.WeatherTools", WEATHER_TOOLS));
    String second = generated(Compiled.compile("com.acme.weather.WeatherTools", WEATHER_TOOLS));

    assertThat(second).isEqualTo(first);
  }

  private static String generated(Compilation compilation) {
    JavaFileObject file =
        compilation
            .generatedSourceFile("com.acme.weather.WeatherTools_Tools")
            .orElseThrow(() -> new AssertionError("WeatherTools_Tools was not generated"));
    return Compiled.text(file);
  }
}
