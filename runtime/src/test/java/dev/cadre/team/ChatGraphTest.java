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
}
