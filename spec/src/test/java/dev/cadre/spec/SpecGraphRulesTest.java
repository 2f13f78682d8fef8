package dev.cadre.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading a spec runs the graph rules of the DSL and the processor; each finding keeps its rule's
 * tag and points at the spec line of what it is about.
 */
class SpecGraphRulesTest {

  private static List<SpecFinding> findings(String text) {
    Throwable thrown = catchThrowable(() -> Specs.read(text, "team.yaml"));
    assertThat(thrown).isInstanceOf(SpecException.class);
    return ((SpecException) thrown).findings();
  }

  private static String at(SpecFinding finding) {
    return finding.tag() + "@" + finding.where().line() + ":" + finding.where().column();
  }

  private static final String HEAD = "model: {provider: openai}\n";

  @Test
  void unknownHandoffAndDuplicateNamesPointAtTheAgents() {
    String spec =
        "name: support\n"
            + "pattern: swarm\n"
            + HEAD
            + "termination: handoff(\"user\")\n"
            + "participants:\n"
            + "  - name: triage\n"
            + "    handoffs: [billing, bilage]\n"
            + "  - name: billing\n"
            + "  - name: billing\n";

    List<SpecFinding> findings = findings(spec);

    assertThat(findings)
        .extracting(SpecGraphRulesTest::at)
        .containsExactly("Cadre/UnknownHandoff@6:5", "Cadre/DuplicateAgentName@9:5");
    assertThat(findings.get(0).message()).contains("'triage' hands off to 'bilage'");
  }

  @Test
  void aLoopWithNoExitPointsAtItsEdgeAndATeamThatNeverEndsAtTheTeam() {
    String loop =
        "name: review\n"
            + "pattern: graph\n"
            + HEAD
            + "termination: maxMessages(20)\n"
            + "entry: [writer]\n"
            + "edges:\n"
            + "  - {from: writer, to: critic}\n"
            + "  - {from: critic, to: writer}\n"
            + "participants:\n"
            + "  - name: writer\n"
            + "  - name: critic\n";
    String endless =
        "name: chat\npattern: roundRobin\n" + HEAD + "participants:\n  - name: a\n  - name: b\n";

    assertThat(findings(loop))
        .extracting(SpecGraphRulesTest::at)
        .containsExactly("Cadre/UnboundedCycle@8:5");
    assertThat(findings(endless))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(at(finding)).isEqualTo("Cadre/NeverTerminates@1:1");
              assertThat(finding.toString()).startsWith("team.yaml:1:1: [Cadre/NeverTerminates]");
            });
  }

  @Test
  void edgesOnARoundRobinAndSelectorAgentsWithoutDescriptionsAreTheRulesFindings() {
    String selector =
        "name: desk\n"
            + "pattern: selector\n"
            + HEAD
            + "maxTurns: 4\n"
            + "edges:\n"
            + "  - {from: coder, to: reviewer}\n"
            + "participants:\n"
            + "  - name: coder\n"
            + "    description: Writes code\n"
            + "  - name: reviewer\n";

    assertThat(findings(selector))
        .extracting(SpecGraphRulesTest::at)
        .containsExactlyInAnyOrder("Cadre/EdgesOutsideGraph@1:1", "Cadre/MissingDescription@10:5");
  }

  @Test
  void aMagenticOneSpecNeedsDescriptionsButNoTermination() {
    String spec =
        "name: desk\n"
            + "pattern: magenticOne\n"
            + HEAD
            + "participants:\n"
            + "  - name: coder\n"
            + "    description: Writes code\n"
            + "  - name: analyst\n";

    assertThat(findings(spec))
        .extracting(SpecGraphRulesTest::at)
        .containsExactly("Cadre/MissingDescription@7:5");
  }

  @Test
  void aNestedTeamsFindingsNameThePathAndPointInsideIt() {
    String spec =
        "name: outer\n"
            + "pattern: roundRobin\n"
            + HEAD
            + "maxTurns: 4\n"
            + "participants:\n"
            + "  - name: lead\n"
            + "  - name: inner\n"
            + "    pattern: graph\n"
            + "    description: Drafts and checks\n"
            + "    maxTurns: 4\n"
            + "    edges:\n"
            + "      - {from: drafter, to: ghost}\n"
            + "    participants:\n"
            + "      - name: drafter\n";

    assertThat(findings(spec))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(at(finding)).isEqualTo("Cadre/UnknownEdgeTarget@12:9");
              assertThat(finding.message()).startsWith("outer > inner");
            });
  }

  @Test
  void warningsAreReportedByValidateWithoutStoppingTheLoad(@TempDir Path dir) throws Exception {
    String spec =
        "name: chat\n"
            + "pattern: roundRobin\n"
            + HEAD
            + "maxTurns: 3\n"
            + "participants:\n"
            + "  - name: a\n"
            + "    handoffs: [b]\n"
            + "  - name: b\n";
    Path file = Files.writeString(dir.resolve("chat.yaml"), spec);

    assertThat(Specs.read(file).participants()).hasSize(2);
    assertThat(Specs.validate(file))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.error()).isFalse();
              assertThat(finding.toString())
                  .startsWith(file + ":6:5: warning: [Cadre/HandoffsOutsideSwarm]");
            });
  }
}
