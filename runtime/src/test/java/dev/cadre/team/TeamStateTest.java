package dev.cadre.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.FinishReason;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.model.replay.ReplayStep;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import dev.cadre.tool.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Save, load and continue: a team saved between runs and loaded into a fresh team of fresh agents
 * of the same shape continues exactly as the original would have, for every pattern.
 */
@Timeout(30)
class TeamStateTest {

  private final List<Team> teams = new ArrayList<>();

  @AfterEach
  void close() {
    teams.forEach(Team::close);
  }

  private Team track(Team team) {
    teams.add(team);
    return team;
  }

  /** Builds the same team on whatever models it is given, by participant (and "selector"). */
  private interface Shape extends Function<Map<String, ReplayChatModel>, TeamSpec> {}

  private static List<ReplayStep> texts(String... texts) {
    List<ReplayStep> steps = new ArrayList<>();
    for (String text : texts) {
      steps.add(
          new ReplayStep(
              ChatResponse.ofText(
                  text, new Usage(10, 5), "replay"),
              List.of(),
              null));
    }
    return steps;
  }

  private static Map<String, ReplayChatModel> models(
      Map<String, List<ReplayStep>> scripts, Map<String, Integer> from) {
    Map<String, ReplayChatModel> models = new LinkedHashMap<>();
    scripts.forEach(
        (name, steps) ->
            models.put(
                name,
                ReplayChatModel.builder()
                    .steps(steps.subList(from.getOrDefault(name, 0), steps.size()))
                    .build()));
    return models;
  }

  /**
   * Runs {@code first} then {@code then} on one team, saving its state (through JSON text) in
   * between; loads that state into a fresh team on models that replay only what is left of each
   * script, runs {@code then}, and checks the fresh team did what the original did: the same
   * messages and stop reason, and every model got the same requests.
   *
   * @return the continuation's result
   */
  private TaskResult assertContinuesAfterLoad(
      Shape shape, Map<String, List<ReplayStep>> scripts, String first, String then) {
    Map<String, ReplayChatModel> originalModels = models(scripts, Map.of());
    Team original = track(new Team(shape.apply(originalModels)));
    original.run(first);
    Map<String, Integer> used = new LinkedHashMap<>();
    originalModels.forEach((name, model) -> used.put(name, model.requests().size()));
    String saved = Json.write(original.saveState());
    TaskResult expected = original.run(then);

    Map<String, ReplayChatModel> freshModels = models(scripts, used);
    Team fresh = track(new Team(shape.apply(freshModels)));
    fresh.loadState(State.parse(saved));
    TaskResult actual = fresh.run(then);

    assertThat(actual.messages()).isEqualTo(expected.messages());
    assertThat(actual.stopReason()).isEqualTo(expected.stopReason());
    originalModels.forEach(
        (name, model) -> {
          List<?> continued = model.requests().subList(used.get(name), model.requests().size());
          assertThat(freshModels.get(name).requests()).as(name).isEqualTo(continued);
        });
    assertThat(fresh.saveState()).isEqualTo(original.saveState());
    return actual;
  }

  private static List<String> speakers(TaskResult result) {
    return result.messages().stream().map(AgentMessage::source).collect(Collectors.toList());
  }

  private static AssistantAgent agent(String name, ReplayChatModel model) {
    return TeamFixtures.agent(name, model);
  }

  private static Shape roundRobin() {
    return models ->
        new TeamSpec(
            "writers",
            "",
            List.of(agent("writer", models.get("writer")), agent("critic", models.get("critic"))),
            new RoundRobin(),
            Terminations.textMention("APPROVE").or(Terminations.maxMessages(20)),
            3,
            null);
  }

  private static Map<String, List<ReplayStep>> roundRobinScripts() {
    Map<String, List<ReplayStep>> scripts = new LinkedHashMap<>();
    scripts.put("writer", texts("Draft 1", "Draft 2", "Draft 3"));
    scripts.put("critic", texts("Too long", "Still long", "APPROVE"));
    return scripts;
  }

  @Test
  void roundRobinContinuesWithTheNextSpeakerAndWhatItHasNotSeen() {
    TaskResult continued =
        assertContinuesAfterLoad(roundRobin(), roundRobinScripts(), "Write a haiku", "Shorter");

    // The first run stopped after writer, critic, writer: the critic is next.
    assertThat(speakers(continued)).containsExactly("user", "critic", "writer", "critic");
    assertThat(continued.stopReason()).contains("APPROVE");
  }

  @Test
  void swarmContinuesWithWhoeverHasTheFloor() {
    Shape swarm =
        models ->
            new TeamSpec(
                "support",
                "",
                List.of(
                    AssistantAgent.builder("alice")
                        .description("triage")
                        .systemMessage(null)
                        .model(models.get("alice"))
                        .handoff("bob", "Bob handles refunds")
                        .build(),
                    agent("bob", models.get("bob"))),
                new Swarm(),
                null,
                2,
                null);
    Map<String, List<ReplayStep>> scripts = new LinkedHashMap<>();
    List<ReplayStep> alice = new ArrayList<>();
    alice.add(
        new ReplayStep(
            new ChatResponse(
                null,
                List.of(new ToolCall("call_1", "transfer_to_bob", "{}")),
                FinishReason.TOOL_CALLS,
                new Usage(10, 5),
                "replay"),
            List.of(),
            null));
    scripts.put("alice", alice);
    scripts.put("bob", texts("Looking into it", "Found it", "Refund sent"));

    TaskResult continued =
        assertContinuesAfterLoad(swarm, scripts, "I want a refund", "Any news?");

    assertThat(speakers(continued)).containsExactly("user", "bob", "bob");
  }

  @Test
  void modelSelectorContinuesWithTheSameHistoryInItsPrompt() {
    Shape selector =
        models ->
            new TeamSpec(
                "writers",
                "",
                List.of(agent("writer", models.get("writer")), agent("critic", models.get("critic"))),
                ModelSelector.builder(models.get("selector")).allowRepeatedSpeaker(true).build(),
                null,
                2,
                null);
    Map<String, List<ReplayStep>> scripts = new LinkedHashMap<>();
    scripts.put("writer", texts("Draft 1", "Draft 2"));
    scripts.put("critic", texts("Too long", "Better"));
    scripts.put("selector", texts("writer", "critic", "critic", "writer"));

    TaskResult continued =
        assertContinuesAfterLoad(selector, scripts, "Write a poem", "Go on");

    assertThat(speakers(continued)).containsExactly("user", "critic", "writer");
  }

  @Test // AutoGen test_graph_flow_stateful_pause_and_resume_with_termination
  void graphContinuesFromItsReadyNodesWithWhatEachNodeHasNotSeen() {
    Shape graph =
        models ->
            new TeamSpec(
                "pipeline",
                "",
                List.of(
                    agent("a", models.get("a")),
                    agent("b", models.get("b")),
                    agent("c", models.get("c"))),
                new GraphFlow(
                    ChatGraph.builder()
                        .node("a")
                        .node("b")
                        .node("c")
                        .entry("a")
                        .edge("a", "b")
                        .edge("b", "c")
                        .build()),
                Terminations.textMention("HALT"),
                10,
                null);
    Map<String, List<ReplayStep>> scripts = new LinkedHashMap<>();
    scripts.put("a", texts("A1"));
    scripts.put("b", texts("B1 HALT"));
    scripts.put("c", texts("C2"));

    TaskResult continued = assertContinuesAfterLoad(graph, scripts, "Plan", "Again");

    // The first run stopped after b, with c ready: the loaded team goes on with c, which sees
    // both runs, and the graph completes.
    assertThat(speakers(continued)).containsExactly("user", "c");
    assertThat(continued.stopReason()).isEqualTo("Digraph execution is complete");
  }

  @Test
  void nestedTeamsSaveAndLoadTheirInnerTeam() {
    Shape nested =
        models -> {
          Team inner =
              track(
                  new Team(
                      new TeamSpec(
                          "inner",
                          "drafts and checks",
                          List.of(
                              agent("drafter", models.get("drafter")),
                              agent("checker", models.get("checker"))),
                          new RoundRobin(),
                          null,
                          2,
                          null)));
          return new TeamSpec(
              "outer",
              "",
              List.of(inner, agent("editor", models.get("editor"))),
              new RoundRobin(),
              null,
              2,
              null);
        };
    Map<String, List<ReplayStep>> scripts = new LinkedHashMap<>();
    scripts.put("drafter", texts("D1", "D2"));
    scripts.put("checker", texts("K1", "K2"));
    scripts.put("editor", texts("E1", "E2"));

    TaskResult continued = assertContinuesAfterLoad(nested, scripts, "Write", "Again");

    // The inner team's messages are the outer conversation's, and their producer is kept with
    // the state: the inner team is not handed its own messages again.
    assertThat(speakers(continued)).containsExactly("user", "drafter", "checker", "editor");
  }

  // ---- bad state: a clear error, and the team is left as it was

  private Team usedRoundRobin() {
    Team team = track(new Team(roundRobin().apply(models(roundRobinScripts(), Map.of()))));
    team.run("Write a haiku");
    return team;
  }

  /** The team still holds {@code before} and continues as the round robin would: critic next. */
  private static void assertUnchanged(Team team, JsonNode before) {
    assertThat(team.saveState()).isEqualTo(before);
    TaskResult next = team.run("Shorter");
    assertThat(speakers(next)).containsExactly("user", "critic", "writer", "critic");
  }

  @Test
  void anUnknownFormatVersionIsRejectedAndChangesNothing() {
    Team team = usedRoundRobin();
    JsonNode before = team.saveState();
    ObjectNode future = before.deepCopy();
    future.put("format", 2);
    future.putArray("messages");

    assertThatThrownBy(() -> team.loadState(future))
        .isInstanceOfSatisfying(
            StateException.class, e -> assertThat(e.path()).isEqualTo("format"))
        .hasMessageContaining("version 2 is not understood")
        .hasMessageContaining("reads version 1");
    assertUnchanged(team, before);
  }

  @Test
  void stateOfAnotherKindIsRejectedAndChangesNothing() {
    Team team = usedRoundRobin();
    JsonNode before = team.saveState();
    JsonNode agentState = before.get("participants").get("writer");

    assertThatThrownBy(() -> team.loadState(agentState))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("'kind'")
        .hasMessageContaining("\"agent\" state, not a \"team\" state");
    assertUnchanged(team, before);
  }

  @Test
  void truncatedJsonIsRejectedWithWhereItBroke() {
    Team team = usedRoundRobin();
    JsonNode before = team.saveState();
    String text = Json.write(before);

    assertThatThrownBy(() -> team.loadState(State.parse(text.substring(0, text.length() / 2))))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("not valid JSON at line 1");
    assertUnchanged(team, before);
  }

  @Test
  void aCorruptedFieldIsNamedByItsPath() {
    Team team = usedRoundRobin();
    JsonNode before = team.saveState();
    ObjectNode corrupted = before.deepCopy();
    ((ObjectNode) corrupted.get("messages").get(1)).put("type", "telegram");

    assertThatThrownBy(() -> team.loadState(corrupted))
        .isInstanceOfSatisfying(
            StateException.class, e -> assertThat(e.path()).isEqualTo("messages[1]"))
        .hasMessageContaining("telegram");
    assertUnchanged(team, before);
  }

  @Test
  void aBadParticipantStateLeavesTheOtherPartsAsTheyWere() {
    Team team = usedRoundRobin();
    JsonNode before = team.saveState();
    // Everything else in the document is different and valid: a fresh team's empty state...
    Team empty = track(new Team(roundRobin().apply(models(roundRobinScripts(), Map.of()))));
    ObjectNode other = (ObjectNode) empty.saveState();
    // ...except the critic's, which is of an unknown version.
    ((ObjectNode) other.get("participants").get("critic")).put("format", 7);

    assertThatThrownBy(() -> team.loadState(other))
        .isInstanceOfSatisfying(
            StateException.class,
            e -> assertThat(e.path()).isEqualTo("participants.critic.format"))
        .hasMessageContaining("version 7");
    assertUnchanged(team, before);
  }

  @Test
  void stateOfADifferentTeamShapeIsRejected() {
    Team team = usedRoundRobin();
    JsonNode before = team.saveState();
    ObjectNode renamed = before.deepCopy();
    ObjectNode participants = (ObjectNode) renamed.get("participants");
    participants.set("reviewer", participants.remove("critic"));

    assertThatThrownBy(() -> team.loadState(renamed))
        .isInstanceOfSatisfying(
            StateException.class, e -> assertThat(e.path()).isEqualTo("participants"))
        .hasMessageContaining("[writer, reviewer]")
        .hasMessageContaining("[writer, critic]");
    assertUnchanged(team, before);
  }

  @Test
  void aSelectorOfAnotherPatternIsRejected() {
    Team team = usedRoundRobin();
    JsonNode before = team.saveState();
    ObjectNode swapped = before.deepCopy();
    swapped.set("selector", new Swarm().saveState());

    assertThatThrownBy(() -> team.loadState(swapped))
        .isInstanceOfSatisfying(
            StateException.class, e -> assertThat(e.path()).isEqualTo("selector.selector"))
        .hasMessageContaining("\"swarm\" selector");
    assertUnchanged(team, before);
  }

  // ---- when state cannot be saved

  @Test
  void aParticipantThatKeepsNoStateSavesAnEmptyStateAndRefusesAnotherAgentsNamingItself() {
    ChatAgent plain =
        new ChatAgent() {
          @Override
          public String name() {
            return "plain";
          }

          @Override
          public String description() {
            return "";
          }

          @Override
          public AgentResponse onMessages(
              List<? extends AgentMessage> messages,
              CancellationToken cancellation,
              Consumer<AgentEvent> listener) {
            return new AgentResponse(new AgentMessage.Text("plain", "ok"), List.of(), Usage.ZERO, null);
          }

          @Override
          public void reset() {}
        };
    Team team =
        track(
            new Team(new TeamSpec("t", "", List.of(plain), new RoundRobin(), null, 1, null)));
    team.run("go");

    JsonNode state = team.saveState();
    assertThat(state.at("/participants/plain/kind").asText()).isEqualTo("stateless_agent");
    team.loadState(state);
    assertThat(team.saveState()).isEqualTo(state);
    ObjectNode assistants = state.deepCopy();
    ((ObjectNode) assistants.get("participants"))
        .set("plain", AssistantAgent.builder("plain").model(ReplayChatModel.ofTexts()).build()
            .saveState());
    assertThatThrownBy(() -> team.loadState(assistants))
        .isInstanceOfSatisfying(
            StateException.class, e -> assertThat(e.path()).isEqualTo("participants.plain.kind"))
        .hasMessageContaining("participant 'plain'")
        .hasMessageContaining("keeps no state and cannot load a 'agent' document");
    assertThat(team.saveState()).isEqualTo(state);
  }

  @Test
  void stateCannotBeSavedOrLoadedWhileARunIsInProgress() throws Exception {
    CountDownLatch speaking = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ChatAgent slow =
        new ChatAgent() {
          @Override
          public String name() {
            return "slow";
          }

          @Override
          public String description() {
            return "";
          }

          @Override
          public AgentResponse onMessages(
              List<? extends AgentMessage> messages,
              CancellationToken cancellation,
              Consumer<AgentEvent> listener) {
            speaking.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return new AgentResponse(new AgentMessage.Text("slow", "done"), List.of(), Usage.ZERO, null);
          }

          @Override
          public void reset() {}
        };
    Team team =
        track(new Team(new TeamSpec("t", "", List.of(slow), new RoundRobin(), null, 1, null)));
    CompletableFuture<TaskResult> run = team.runAsync("go");
    assertThat(speaking.await(10, TimeUnit.SECONDS)).isTrue();

    try {
      assertThatThrownBy(team::saveState)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("team 't' is running; save its state between runs");
      assertThatThrownBy(() -> team.loadState(Json.object()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("load state between runs");
    } finally {
      release.countDown();
    }
    assertThat(run.get(10, TimeUnit.SECONDS).messages()).hasSize(2);
  }
}
