package dev.cadre.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.spec.AgentDef;
import dev.cadre.spec.Specs;
import dev.cadre.spec.TeamDef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The editor's form on real specs, read back by the spec module. */
class SpecFormTest {

  private static final String GRAPH =
      String.join(
          "\n",
          "name: review",
          "pattern: graph",
          "model: {provider: replay, script: review.jsonl}",
          "termination: maxMessages(6)",
          "entry: [writer]",
          "edges:",
          "  - {from: writer, to: critic}",
          "participants:",
          "  - name: writer",
          "    systemMessage: Write.",
          "    handoffs: [critic]",
          "  - name: critic",
          "    systemMessage: Review.",
          "");

  @Test
  void addsAnAgentAToolAndAnEdgeKeepingTheRest() {
    String text = apply(GRAPH, "add-agent", "publisher", "Publishes the notes", "", "", "");
    text = apply(text, "add-tool", "publisher", "", "search_docs", "", "");
    text = apply(text, "add-edge", "", "", "", "critic", "publisher");
    // The steps between were invalid (an agent no edge reaches); the form went on regardless.
    TeamDef team = Specs.read(text, "review.yaml");
    assertThat(team.participants())
        .extracting(p -> p.name())
        .containsExactly("writer", "critic", "publisher");
    AgentDef publisher = (AgentDef) team.participants().get(2);
    assertThat(publisher.description()).isEqualTo("Publishes the notes");
    assertThat(publisher.tools()).extracting(AgentDef.ToolRef::name).containsExactly("search_docs");
    assertThat(team.edges())
        .extracting(e -> e.from() + "->" + e.to())
        .containsExactly("writer->critic", "critic->publisher");
    assertThat(team.model().toString()).contains("review.jsonl");
    assertThat(team.termination()).isEqualTo("maxMessages(6)");
  }

  @Test
  void removingAnAgentTakesItsEdgesAndTheHandoffsToItAlong() {
    String text = apply(GRAPH, "remove-agent", "critic", "", "", "", "");
    TeamDef team = Specs.read(text, "review.yaml");
    assertThat(team.participants()).extracting(p -> p.name()).containsExactly("writer");
    assertThat(team.edges()).isEmpty();
    assertThat(((AgentDef) team.participants().get(0)).handoffs()).isEmpty();
  }

  @Test
  void removesAToolAndAnEdge() {
    String text = apply(GRAPH, "add-tool", "writer", "", "search_docs", "", "");
    text = apply(text, "remove-tool", "writer", "", "search_docs", "", "");
    String edited = apply(text, "remove-edge", "", "", "", "writer", "critic");
    assertThat(edited).doesNotContain("search_docs", "edges", "to: critic");
    // Now nothing reaches the critic: the validator says so, on the critic's line.
    List<Map<String, Object>> findings = StudioServer.validate(edited, "review.yaml");
    assertThat(findings)
        .filteredOn(f -> Boolean.TRUE.equals(f.get("error")))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.get("tag")).isEqualTo("Cadre/UnreachableAgent");
              assertThat(edited.lines().toList().get((Integer) f.get("line") - 1))
                  .isEqualTo("- name: critic");
            });
  }

  @Test
  void namesWhatIsWrong() {
    assertThatThrownBy(() -> apply(GRAPH, "add-agent", "critic", "", "", "", ""))
        .hasMessage("the team has an agent 'critic' already");
    assertThatThrownBy(() -> apply(GRAPH, "remove-agent", "nobody", "", "", "", ""))
        .hasMessage("no agent 'nobody' in the team; its participants: [writer, critic]");
    assertThatThrownBy(() -> apply(GRAPH, "remove-tool", "writer", "", "x", "", ""))
        .hasMessage("agent 'writer' has no tool 'x'; its tools: []");
    assertThatThrownBy(() -> apply(GRAPH, "add-edge", "", "", "", "writer", ""))
        .hasMessage("give the to");
    assertThatThrownBy(() -> apply(GRAPH, "remove-edge", "", "", "", "critic", "writer"))
        .hasMessage("no edge critic -> writer to remove");
    assertThatThrownBy(() -> apply("name: [unclosed", "add-agent", "x", "", "", "", ""))
        .hasMessageStartingWith("the form needs a spec that reads as YAML: ");
    assertThatThrownBy(() -> apply("- a list", "add-agent", "x", "", "", "", ""))
        .hasMessage("the form needs a spec that is a YAML mapping");
  }

  @Test
  void keepsWhatItDoesNotTouchEvenInASpecWithErrors() {
    // An unknown key stays for the validator to show; the form does not need a valid spec.
    String text =
        apply(
            GRAPH.replace("systemMessage: Write.", "sytemMessage: Write."),
            "add-agent",
            "x",
            "",
            "",
            "",
            "");
    assertThat(text).contains("sytemMessage: Write.", "- name: x");
  }

  private static String apply(
      String text,
      String op,
      String agent,
      String description,
      String tool,
      String from,
      String to) {
    return SpecForm.apply(text, new SpecForm.Change(op, agent, description, tool, from, to));
  }
}
