package dev.cadre.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentMessage;
import org.junit.jupiter.api.Test;

class ChatGraphTest {

  @Test
  void anEdgeToAnUnknownNodeIsRejectedNamingIt() {
    ChatGraph.Builder builder =
        ChatGraph.builder()
            .node("writer")
            .node("reviewer")
            .entry("writer")
            .edge("writer", "reviewr");

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("writer -> reviewr")
        .hasMessageContaining("'reviewr', which is not a node")
        .hasMessageContaining("node(\"reviewr\")")
        .hasMessageContaining("[writer, reviewer]");
  }

  @Test
  void anEdgeFromAnUnknownNodeIsRejectedNamingIt() {
    ChatGraph.Builder builder =
        ChatGraph.builder()
            .node("a")
            .entry("a")
            .edge(ChatGraph.Edge.of("x", "a").whenContains("GO"));

    assertThatThrownBy(builder::build)
        .hasMessageContaining("x -> a when contains 'GO'")
        .hasMessageContaining("'x', which is not a node");
  }

  @Test
  void aGraphWithoutAnEntryIsRejected() {
    ChatGraph.Builder builder = ChatGraph.builder().node("a").node("b").edge("a", "b");

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no entry")
        .hasMessageContaining("entry(name)")
        .hasMessageContaining("[a, b]");
  }

  @Test
  void anEntryThatIsNoNodeIsRejected() {
    assertThatThrownBy(() -> ChatGraph.builder().node("a").entry("b").build())
        .hasMessageContaining("entry 'b' is not a node");
  }

  @Test
  void otherIntegrityProblemsAreRejected() {
    assertThatThrownBy(() -> ChatGraph.builder().entry("a").build())
        .hasMessageContaining("no nodes");
    assertThatThrownBy(() -> ChatGraph.builder().node("a").node("a"))
        .hasMessageContaining("'a' is declared twice");
    assertThatThrownBy(
            () ->
                ChatGraph.builder()
                    .node("a")
                    .node("b")
                    .entry("a")
                    .edge(ChatGraph.Edge.of("a", "b").whenContains("X"))
                    .edge(ChatGraph.Edge.of("a", "b").whenContains("Y"))
                    .build())
        .hasMessageContaining("'a' -> 'b' is declared twice");
    assertThatThrownBy(() -> ChatGraph.Edge.of("a", "b").maxTraversals(0))
        .hasMessageContaining("'a' -> 'b'")
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> ChatGraph.Edge.of("a", "b").whenContains(""))
        .hasMessageContaining("keyword must not be empty");
  }

  @Test
  void edgesThatCloseACycleAreFoundFromTheEntry() {
    ChatGraph graph =
        ChatGraph.builder()
            .node("planner")
            .node("writer")
            .node("reviewer")
            .node("publisher")
            .entry("planner")
            .edge("planner", "writer")
            .edge("writer", "reviewer")
            .edge(ChatGraph.Edge.of("reviewer", "writer").whenNotContains("APPROVE"))
            .edge(ChatGraph.Edge.of("reviewer", "publisher").whenContains("APPROVE"))
            .edge("publisher", "publisher")
            .build();

    assertThat(graph.edges())
        .filteredOn(graph::closesCycle)
        .extracting(ChatGraph.Edge::toString)
        .containsExactly(
            "reviewer -> writer when does not contain 'APPROVE'", "publisher -> publisher");
    assertThat(graph.hasCycles()).isTrue();
    assertThat(graph.entries()).containsExactly("planner");
    assertThat(graph.incoming("writer"))
        .extracting(ChatGraph.Edge::source)
        .containsExactly("planner", "reviewer");
    assertThat(graph.outgoing("reviewer"))
        .extracting(ChatGraph.Edge::target)
        .containsExactly("writer", "publisher");
  }

  @Test
  void conditionsTestTheSourcesMessage() {
    ChatGraph.Edge approve = ChatGraph.Edge.of("r", "p").whenContains("APPROVE");
    ChatGraph.Edge revise = ChatGraph.Edge.of("r", "w").whenNotContains("APPROVE");
    ChatGraph.Edge always = ChatGraph.Edge.of("r", "log");
    AgentMessage approved = new AgentMessage.Text("r", "I APPROVE");
    AgentMessage rejected = new AgentMessage.Text("r", "approve? no");

    assertThat(approve.activatesOn(approved)).isTrue();
    assertThat(approve.activatesOn(rejected)).isFalse();
    assertThat(revise.activatesOn(rejected)).isTrue();
    assertThat(revise.activatesOn(approved)).isFalse();
    assertThat(always.sequential()).isTrue();
    assertThat(always.activatesOn(rejected)).isTrue();
  }

  @Test // AutoGen test_different_activation_groups_detection
  void edgesOfOneGroupThatDisagreeOnItsActivationAreRejected() {
    ChatGraph.Builder graph =
        ChatGraph.builder()
            .node("A")
            .node("B")
            .node("C")
            .node("D")
            .entry("A")
            .edge("A", "B")
            .edge("A", "C")
            .edge(ChatGraph.Edge.of("B", "D").activation(ChatGraph.Join.ALL))
            .edge(ChatGraph.Edge.of("C", "D").activation(ChatGraph.Join.ANY));

    assertThatThrownBy(graph::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "graph edges into 'D' disagree on how group 'D' activates: 'all' (from 'B') and 'any'"
                + " (from 'C'); give them one activation, or put them in different groups");
  }

  @Test
  void anEdgeWithoutActivationTakesItsNodesJoinAndGroupsSeparateActivations() {
    // The node joins ANY, so an edge saying ALL in its default group disagrees with the others.
    assertThatThrownBy(
            () ->
                ChatGraph.builder()
                    .node("A")
                    .node("B")
                    .node("D", ChatGraph.Join.ANY)
                    .entry("A")
                    .edge("A", "D")
                    .edge("A", "B")
                    .edge(ChatGraph.Edge.of("B", "D").activation(ChatGraph.Join.ALL))
                    .build())
        .hasMessageContaining("'any' (from 'A') and 'all' (from 'B')");
    ChatGraph separate =
        ChatGraph.builder()
            .node("A")
            .node("B")
            .node("D")
            .entry("A")
            .edge("A", "D")
            .edge("A", "B")
            .edge(ChatGraph.Edge.of("B", "D").activationGroup("b").activation(ChatGraph.Join.ANY))
            .build();
    ChatGraph.Edge fromB = separate.incoming("D").get(1);
    assertThat(separate.activationGroupOf(separate.incoming("D").get(0))).isEqualTo("D");
    assertThat(separate.activationGroupOf(fromB)).isEqualTo("b");
    assertThat(separate.activationOf(fromB)).isEqualTo(ChatGraph.Join.ANY);
    assertThat(fromB).hasToString("B -> D in group 'b' activating on any");
  }

  @Test
  void aBackEdgeWithoutAGroupIsAGroupOfItsOwn() {
    ChatGraph graph =
        ChatGraph.builder()
            .node("w")
            .node("r")
            .entry("w")
            .edge("w", "r")
            .edge(ChatGraph.Edge.of("r", "w").whenContains("again"))
            .build();

    assertThat(graph.activationGroupOf(graph.incoming("w").get(0))).isNull();
    assertThat(graph.activationGroupOf(graph.incoming("r").get(0))).isEqualTo("r");
    assertThatThrownBy(() -> ChatGraph.Edge.of("a", "b").activationGroup(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("an activation group needs a name");
  }
}
