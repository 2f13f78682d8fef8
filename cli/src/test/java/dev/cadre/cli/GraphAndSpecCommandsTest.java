package dev.cadre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.samples.Sample;
import dev.cadre.samples.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code graph} and {@code validate}, and how spec files reach the command: through the spec module
 * ({@link SpecFiles}), and, for the command's own handling of spec files, through {@link
 * NamedSamples}, where a spec file holds the name of a bundled sample (or problem lines).
 */
class GraphAndSpecCommandsTest {

  @TempDir Path dir;

  private final Terminal terminal = new Terminal();

  private int cadre(SpecSource specs, String... args) {
    return terminal.run(Samples::all, specs, Map.of(), args);
  }

  private int cadre(String... args) {
    return cadre(new NamedSamples(), args);
  }

  @Test
  void graphPrintsTheProcessorsDiagramOfAnAnnotatedSample() throws IOException {
    assertThat(cadre("graph", "devteam")).as(terminal.err()).isEqualTo(CadreCli.OK);

    String expected;
    try (var in =
        getClass()
            .getClassLoader()
            .getResourceAsStream("META-INF/cadre/dev.cadre.samples.devteam.DevTeam.mmd")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(terminal.out()).isEqualTo(expected.endsWith("\n") ? expected : expected + "\n");
    assertThat(terminal.out()).startsWith("flowchart TD\n").contains("[\"planner\"]");
    assertThat(terminal.err()).isEmpty();
  }

  @Test
  void graphDrawsADslBuiltSampleFromItsTeam() {
    assertThat(cadre("graph", "process")).as(terminal.err()).isEqualTo(CadreCli.OK);

    assertThat(terminal.out())
        .startsWith("flowchart TD\n")
        .contains("  p1[\"intake\"]\n", "  p3[\"refunds\"]\n", "  start --> p1\n")
        .contains("  p1 -.->|\"handoff\"| p2\n", "  p2 -.->|\"handoff\"| p3\n");
  }

  @Test
  void graphOfASpecFileDrawsItsTeam() throws IOException {
    Path spec = Files.writeString(dir.resolve("team.yaml"), "feature\n");

    assertThat(cadre("graph", spec.toString())).as(terminal.err()).isEqualTo(CadreCli.OK);

    assertThat(terminal.out()).startsWith("flowchart TD\n").contains("selector{{\"selector\"}}");
  }

  @Test
  void runOfASpecFileRunsItsTeam() throws IOException {
    Path spec = Files.writeString(dir.resolve("team.yml"), "feature\n");

    assertThat(cadre("run", spec.toString())).as(terminal.err()).isEqualTo(CadreCli.OK);

    assertThat(terminal.out()).contains("---------- writer ----------");
  }

  @Test
  void aSpecFilesDurableRunIsListedAndResumedByItsAbsolutePath() throws IOException {
    Path spec = Files.writeString(dir.resolve("team.yaml"), "feature\n");
    // Given relative to the working directory, as a user types it.
    Path relative = Path.of("").toAbsolutePath().relativize(spec);
    String store = dir.resolve("runs.db").toString();
    assertThat(cadre("run", relative.toString(), "--store", store))
        .as(terminal.err())
        .isEqualTo(CadreCli.OK);
    String runId = terminal.out().lines().findFirst().orElseThrow().split(" ")[2];
    terminal.reset();

    assertThat(cadre("runs", "--store", store)).isEqualTo(CadreCli.OK);
    assertThat(terminal.out()).isEqualTo(runId + "  finished  " + spec.toAbsolutePath() + "\n");

    terminal.reset();
    assertThat(cadre("resume", runId, "--store", store)).as(terminal.err()).isEqualTo(CadreCli.OK);
    assertThat(terminal.out())
        .startsWith("run " + runId + " in " + store + " has already finished");
  }

  @Test
  void validateSaysOkForAValidSpec() throws IOException {
    Path spec = Files.writeString(dir.resolve("team.json"), "feature\n");

    assertThat(cadre("validate", spec.toString())).isEqualTo(CadreCli.OK);

    assertThat(terminal.out()).isEqualTo("ok\n");
    assertThat(terminal.err()).isEmpty();
  }

  @Test
  void validatePrintsEachFindingAndExitsWithOne() throws IOException {
    Path spec =
        Files.writeString(
            dir.resolve("team.yaml"),
            "problem: [Cadre/UnknownHandoff] team.yaml:4:7: no agent 'billing'\n"
                + "problem: [Cadre/Unreachable] team.yaml:9:3: no path reaches"
                + " 'tester'\u001b[2J\n");

    assertThat(cadre("validate", spec.toString())).isEqualTo(CadreCli.FAILED);

    assertThat(terminal.out())
        .isEqualTo(
            "[Cadre/UnknownHandoff] team.yaml:4:7: no agent 'billing'\n"
                + "[Cadre/Unreachable] team.yaml:9:3: no path reaches 'tester'\n");
  }

  @Test
  void validateOfAMissingFileIsAUsageErrorNamingIt() {
    String missing = dir.resolve("none.yaml").toString();

    assertThat(cadre("validate", missing)).isEqualTo(CadreCli.USAGE);

    assertThat(terminal.firstErrorLine()).isEqualTo("error: no spec file at " + missing);
    assertThat(terminal.err()).contains("Usage: cadre validate [-hV]");
  }

  @Test
  void validateOfASampleNameIsAUsageError() {
    assertThat(cadre("validate", "devteam")).isEqualTo(CadreCli.USAGE);

    assertThat(terminal.firstErrorLine())
        .isEqualTo(
            "error: <spec> devteam: validate checks spec files (.yaml, .yml, .json); a sample is"
                + " checked when it is built");
  }

  /** The feature sample's spec, shipped in samples/specs, as the spec module reads it. */
  private Path featureSpec() {
    Path spec = Path.of("..", "samples", "specs", "feature.yaml").toAbsolutePath().normalize();
    assertThat(spec).exists();
    return spec;
  }

  @Test
  void aRealSpecFileIsValidatedDrawnAndRunLikeTheSampleItWrites() {
    Path spec = featureSpec();

    assertThat(cadre(SpecFiles.INSTANCE, "validate", spec.toString())).isEqualTo(CadreCli.OK);
    assertThat(terminal.out()).isEqualTo("ok\n");

    terminal.reset();
    assertThat(cadre(SpecFiles.INSTANCE, "graph", spec.toString()))
        .as(terminal.err())
        .isEqualTo(CadreCli.OK);
    assertThat(terminal.out()).startsWith("flowchart TD\n").contains("\"writer\"");

    terminal.reset();
    assertThat(cadre(SpecFiles.INSTANCE, "run", spec.toString(), "--task", "Add a --force flag."))
        .as(terminal.err())
        .isEqualTo(CadreCli.OK);
    assertThat(terminal.out()).contains("---------- writer ----------").contains("DONE");
  }

  @Test
  void aRealSpecFilesDurableRunIsResumedFromItsStore() {
    Path spec = featureSpec();
    String store = dir.resolve("runs.db").toString();
    assertThat(cadre(SpecFiles.INSTANCE, "run", spec.toString(), "--store", store))
        .as(terminal.err())
        .isEqualTo(CadreCli.OK);
    String runId = terminal.out().lines().findFirst().orElseThrow().split(" ")[2];

    terminal.reset();
    assertThat(cadre(SpecFiles.INSTANCE, "resume", runId, "--store", store))
        .as(terminal.err())
        .isEqualTo(CadreCli.OK);
    assertThat(terminal.out())
        .startsWith("run " + runId + " in " + store + " has already finished");
  }

  @Test
  void aBrokenSpecFilesFindingsNameTheirTagAndLine() throws IOException {
    Path spec =
        Files.writeString(
            dir.resolve("broken.yaml"),
            "name: desk\n"
                + "pattern: swarm\n"
                + "termination: maxMessages(5)\n"
                + "participants:\n"
                + "  - name: triage\n"
                + "    model: {provider: replay, script: none.jsonl}\n"
                + "    handoffs: [billing]\n");

    assertThat(cadre(SpecFiles.INSTANCE, "validate", spec.toString())).isEqualTo(CadreCli.FAILED);
    assertThat(terminal.out())
        .isEqualTo(
            spec
                + ":5:5: [Cadre/UnknownHandoff] Agent 'triage' hands off to 'billing', which is not"
                + " in team 'desk'; name a participant instead or add 'billing' to the team.\n");

    terminal.reset();
    assertThat(cadre(SpecFiles.INSTANCE, "run", spec.toString())).isEqualTo(CadreCli.FAILED);
    assertThat(terminal.err()).contains("billing");
  }

  @Test
  void graphOfAnUnknownTeamIsAUsageError() {
    assertThat(cadre("graph", "nope")).isEqualTo(CadreCli.USAGE);

    assertThat(terminal.firstErrorLine())
        .startsWith("error: unknown sample 'nope'; choose one of devteam");
  }

  /**
   * Spec files whose content is the name of a bundled sample, or lines starting {@code problem: }
   * that are the spec's findings.
   */
  private static final class NamedSamples implements SpecSource {
    @Override
    public List<String> validate(Path file) throws IOException {
      return Files.readAllLines(file).stream()
          .filter(line -> line.startsWith("problem: "))
          .map(line -> line.substring("problem: ".length()))
          .toList();
    }

    @Override
    public Sample load(Path file) throws IOException {
      String name = Files.readString(file).strip();
      return Samples.all().stream()
          .filter(sample -> sample.name().equals(name))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException(file + ": no sample " + name));
    }
  }
}
