package dev.cadre.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.cadre.team.Team;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published JSON Schema accepts every sample spec and every exported spec, and rejects what the
 * loader rejects by shape (unknown keys, a key written in the file, a wrong type).
 */
class SchemaTest {

  private static final Path SAMPLES = Path.of("../samples/specs");

  private static final Schema SCHEMA =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(Specs.schema(), InputFormat.JSON);

  private static List<String> problems(String yaml) {
    return SCHEMA.validate(yaml, InputFormat.YAML).stream().map(Error::toString).toList();
  }

  static Stream<Path> sampleSpecs() throws IOException {
    try (Stream<Path> files = Files.list(SAMPLES)) {
      return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void thePublishedFileIsTheResourceTheJarServes() throws IOException {
    assertThat(Specs.schema())
        .isEqualTo(Files.readString(Path.of("schema/cadre-team.schema.json")));
  }

  @Test
  void everySampleSpecIsChecked() throws IOException {
    assertThat(sampleSpecs()).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sampleSpecs")
  void everySampleSpecFitsTheSchema(Path spec) throws IOException {
    assertThat(problems(Files.readString(spec))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.cadre.spec.RoundTripTest#cases")
  void everyExportedSpecFitsTheSchema(RoundTripTest.Case pattern) {
    try (Team team = pattern.build()) {
      assertThat(problems(Specs.toYaml(team))).isEmpty();
    }
  }

  @Test
  void unknownKeysSecretsAndWrongTypesAreOutsideTheSchema() {
    String good =
        "name: desk\npattern: roundRobin\nmaxTurns: 2\n"
            + "model: {provider: openai, apiKeyEnv: MY_KEY}\n"
            + "participants:\n  - name: writer\n";

    assertThat(problems(good)).isEmpty();
    assertThat(problems(good.replace("maxTurns: 2", "maxTurns: two")))
        .contains("/maxTurns: string found, integer expected");
    assertThat(problems(good.replace("apiKeyEnv: MY_KEY", "apiKey: sk-1"))).isNotEmpty();
    assertThat(problems(good.replace("  - name: writer", "  - name: writer\n    colour: red")))
        .isNotEmpty();
    assertThat(problems(good.replace("pattern: roundRobin", "pattern: roundabout"))).isNotEmpty();
  }
}
