package dev.cadre.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each class of mistake in a spec is reported with its tag, key path and file:line:column. */
class SpecErrorsTest {

  private static List<SpecFinding> errors(String file, String text) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> Specs.read(text, file));
    assertThat(thrown).isInstanceOf(SpecException.class);
    return ((SpecException) thrown).findings();
  }

  private static List<String> lines(String file, String text) {
    return errors(file, text).stream().map(SpecFinding::toString).toList();
  }

  private static final String MODEL = "model: {provider: openai, name: gpt-4o-mini}\n";

  @Test
  void unknownKeyNamesItsPathAndLocationAndSuggestsTheKnownOne() {
    String spec =
        "name: desk\n"
            + "pattern: roundRobin\n"
            + MODEL
            + "maxTurns: 3\n"
            + "participants:\n"
            + "  - name: writer\n"
            + "    sytemMessage: Write.\n";

    assertThat(lines("desk.yaml", spec))
        .containsExactly(
            "desk.yaml:7:5: [Cadre/SpecUnknownKey] unknown key participants[0].sytemMessage"
                + " (did you mean 'systemMessage'?); the keys here are a2a, approval, codeExecutor,"
                + " description, handoffs, memory, model, name, systemMessage, tools");
  }

  @Test
  void wrongTypesNameTheKeyPathAndWhatWasGiven() {
    String spec =
        "name: desk\n"
            + "pattern: roundRobin\n"
            + MODEL
            + "maxTurns: many\n"
            + "participants:\n"
            + "  - name: writer\n"
            + "    tools: search\n";

    assertThat(lines("desk.yaml", spec))
        .containsExactly(
            "desk.yaml:4:11: [Cadre/SpecType] maxTurns must be a whole number of at least 1, not"
                + " text",
            "desk.yaml:7:12: [Cadre/SpecType] participants[0].tools must be a list, not text");
  }

  @Test
  void everyProblemIsReportedAtOnceAndNothingIsBuilt() {
    String spec =
        "name: desk\n"
            + "pattern: roundabout\n"
            + "participants:\n"
            + "  - description: nameless\n"
            + "    model: {provider: openai}\n"
            + "  - name: critic\n"
            + "    model: {provider: openai, name: [x]}\n";

    assertThat(errors("desk.yaml", spec))
        .extracting(SpecFinding::tag)
        .containsExactly("Cadre/SpecValue", "Cadre/SpecMissing", "Cadre/SpecType");
    assertThat(lines("desk.yaml", spec).get(0))
        .isEqualTo(
            "desk.yaml:2:10: [Cadre/SpecValue] pattern is 'roundabout'; use one of roundRobin,"
                + " selector, swarm, graph");
    assertThat(lines("desk.yaml", spec).get(1)).contains("participants[0].name is missing");
  }

  @Test
  void aKeyWrittenInTheFileIsAnErrorThatNeverRepeatsIt() {
    String spec =
        "name: desk\n"
            + "pattern: roundRobin\n"
            + "maxTurns: 2\n"
            + "model:\n"
            + "  provider: openai\n"
            + "  apiKey: sk-live-1234567890\n"
            + "participants:\n"
            + "  - name: writer\n";

    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(() -> Specs.read(spec, "s.yaml"));

    assertThat(thrown).isInstanceOf(SpecException.class).hasMessageNotContaining("sk-live");
    assertThat(((SpecException) thrown).findings())
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.tag()).isEqualTo("Cadre/SecretInSpec");
              assertThat(finding.where()).isEqualTo(new SpecLocation("s.yaml", 6, 11));
              assertThat(finding.message()).contains("model.apiKey").contains("apiKeyEnv");
            });
  }

  @Test
  void duplicateKeysAndBrokenSyntaxAreFindingsToo() {
    assertThat(lines("d.yaml", "name: a\nname: b\npattern: roundRobin\n"))
        .contains("d.yaml:2:1: [Cadre/SpecDuplicateKey] name is given twice; keep one");
    assertThat(errors("b.yaml", "name: [a\npattern: x\n"))
        .singleElement()
        .satisfies(finding -> assertThat(finding.tag()).isEqualTo("Cadre/SpecSyntax"));
  }

  @Test
  void jsonSpecsAreReadAsJsonWithTheirLocations() {
    String spec =
        "{\n"
            + "  \"name\": \"desk\",\n"
            + "  \"pattern\": \"roundRobin\",\n"
            + "  \"maxTurns\": 2,\n"
            + "  \"model\": {\"provider\": \"openai\"},\n"
            + "  \"participants\": [{\"name\": \"writer\", \"colour\": \"red\"}]\n"
            + "}\n";

    assertThat(lines("desk.json", spec))
        .singleElement()
        .asString()
        .startsWith("desk.json:6:39: [Cadre/SpecUnknownKey] unknown key participants[0].colour");
  }

  @Test
  void terminationIsCheckedInTheRuntimesOwnNotation() {
    String mixed =
        "name: desk\npattern: roundRobin\n"
            + MODEL
            + "termination: textMention(\"OK\") or maxMessages(4) and timeout(30s)\n"
            + "participants:\n  - name: writer\n";
    String code =
        "name: desk\npattern: roundRobin\n"
            + MODEL
            + "termination: when(\"done\")\n"
            + "participants:\n  - name: writer\n";

    assertThat(lines("t.yaml", mixed))
        .containsExactly(
            "t.yaml:1:1: [Cadre/SpecTermination] desk.termination 'textMention(\"OK\") or"
                + " maxMessages(4) and timeout(30s)': 'and' and 'or' mixed without brackets;"
                + " bracket one side (at character 37)");
    assertThat(lines("t.yaml", code)).first().asString().contains("a spec cannot hold");
  }

  @Test
  void aValidSpecReadsIntoItsRecords() {
    String spec =
        "name: review\n"
            + "pattern: graph\n"
            + MODEL
            + "maxTurns: 8\n"
            + "entry: [writer]\n"
            + "edges:\n"
            + "  - {from: writer, to: critic}\n"
            + "  - {from: critic, to: writer, whenNotContains: APPROVE, maxTraversals: 3}\n"
            + "participants:\n"
            + "  - name: writer\n"
            + "    systemMessage: Write.\n"
            + "  - name: critic\n"
            + "    tools: [lookup]\n";

    TeamDef team = Specs.read(spec, "r.yaml");

    assertThat(team.participants())
        .extracting(ParticipantDef::name)
        .containsExactly("writer", "critic");
    assertThat(team.edges().get(1))
        .isEqualTo(
            new EdgeDef(
                "critic",
                "writer",
                null,
                "APPROVE",
                3,
                null,
                null,
                new SpecLocation("r.yaml", 8, 5)));
    assertThat(((AgentDef) team.participants().get(1)).tools())
        .containsExactly(new AgentDef.ToolRef("lookup", new SpecLocation("r.yaml", 13, 13)));
  }
}
