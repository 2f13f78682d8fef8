package dev.cadre.processor.agent;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The generated source of one representative agent ({@link WeatherBotSources}), compared with
 * {@code src/test/resources/golden/agent/CadreWeatherBot.java} character for character, so that a
 * change to the generated code shows in review as a diff of that file.
 *
 * <p>After an intended change, regenerate the file and review its diff: {@code mvn -B -o test -pl
 * processor -am -Dtest=AgentGoldenTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dcadre.golden.update=true}. The schema constant and the JSON helper methods come from the json
 * step's {@code Codecs}, so a change there changes this file too.
 */
class AgentGoldenTest {

  private static final Path GOLDEN =
      Path.of("src/test/resources/golden/agent/CadreWeatherBot.java");

  @Test
  void generatedAgentMatchesTheGoldenFile() throws IOException {
    Compilation compilation = WeatherBotSources.compile();
    assertThat(compilation).succeededWithoutWarnings();
    String generated =
        AgentCompiler.generatedSource(compilation, "com.acme.weather.CadreWeatherBot");

    if (Boolean.getBoolean("cadre.golden.update")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, generated, StandardCharsets.UTF_8);
    }
    assertThat(generated).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }

  @Test
  void generationIsDeterministic() {
    String first =
        AgentCompiler.generatedSource(
            WeatherBotSources.compile(), "com.acme.weather.CadreWeatherBot");
    String second =
        AgentCompiler.generatedSource(
            WeatherBotSources.compile(), "com.acme.weather.CadreWeatherBot");
    assertThat(second).isEqualTo(first);
  }
}
