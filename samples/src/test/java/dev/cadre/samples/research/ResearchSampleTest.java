package dev.cadre.samples.research;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The research sample run offline end to end: the fan-out to three concurrent researchers, the
 * searches they made and what BM25 really found, the join, the citation checker failing the first
 * brief and passing the revised one, and the final answer.
 */
class ResearchSampleTest {

  private static final ResearchSample SAMPLE = new ResearchSample();
  private static ResearchReplay replay;
  private static TaskResult result;
  private static final List<TeamEvent> EVENTS = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void runOffline() {
    replay = SAMPLE.offlineModel();
    result = SAMPLE.run(replay, SAMPLE.defaultTask(), EVENTS::add);
  }

  private static List<String> speakers(TaskResult run) {
    return run.messages().stream().map(AgentMessage::source).toList();
  }

  /** The tools an agent ran, calls and results in order, from the run's events. */
  private static List<ToolCall> calls(String agent) {
    return EVENTS.stream()
        .filter(TeamEvent.Activity.class::isInstance)
        .map(event -> ((TeamEvent.Activity) event).event())
        .filter(AgentEvent.ToolCallsRequested.class::isInstance)
        .map(AgentEvent.ToolCallsRequested.class::cast)
        .filter(event -> event.source().equals(agent))
        .flatMap(event -> event.calls().stream())
        .toList();
  }

  private static List<ToolResult> results(String agent) {
    return EVENTS.stream()
        .filter(TeamEvent.Activity.class::isInstance)
        .map(event -> ((TeamEvent.Activity) event).event())
        .filter(AgentEvent.ToolCallsExecuted.class::isInstance)
        .map(AgentEvent.ToolCallsExecuted.class::cast)
        .filter(event -> event.source().equals(agent))
        .flatMap(event -> event.results().stream())
        .toList();
  }

  private static List<String> hitIds(ToolResult searchResult) throws Exception {
    assertThat(searchResult.error()).as(searchResult.content()).isFalse();
    List<String> ids = new ArrayList<>();
    Json.parse(searchResult.content()).forEach(hit -> ids.add(hit.get("id").asText()));
    return ids;
  }

  private static String argument(ToolCall call, String name) throws Exception {
    return Json.parse(call.arguments()).get(name).asText();
  }

  @Test
  void theSampleDescribesItself() {
    assertThat(SAMPLE.name()).isEqualTo("research");
    assertThat(SAMPLE.description()).isNotBlank();
    assertThat(SAMPLE.defaultTask()).contains("Harbourview");
  }

  @Test
  void theCoordinatorFansOutToTheResearchersWhoRunInOneTurnAndTheLoopEndsOnApproval() {
    assertThat(speakers(result))
        .containsExactly(
            "user",
            "coordinator",
            "climate",
            "economics",
            "policy",
            "synthesiser",
            "reviewer",
            "synthesiser",
            "reviewer");
    assertThat(
            EVENTS.stream()
                .filter(TeamEvent.SpeakersSelected.class::isInstance)
                .map(event -> ((TeamEvent.SpeakersSelected) event).speakers())
                .toList())
        .containsExactly(
            List.of("coordinator"),
            List.of("climate", "economics", "policy"),
            List.of("synthesiser"),
            List.of("reviewer"),
            List.of("synthesiser"),
            List.of("reviewer"));
    assertThat(result.stopReason()).isEqualTo("Digraph execution is complete");
  }

  @Test
  void eachResearcherPlayedItsOwnScriptAndEveryScriptWasUsedUp() {
    for (String key : ResearchReplay.RESEARCHER_KEYS) {
      assertThat(replay.researcher(key).requests()).as(key).hasSize(2);
      assertThat(replay.researcher(key).remaining()).as(key).isZero();
      assertThat(replay.researcher(key).requests().get(0).tools())
          .extracting(tool -> tool.name())
          .containsExactly("searchCorpus");
    }
    // Coordinator 1, synthesiser 2 + 1 search round, reviewer 2 x (check + verdict).
    assertThat(replay.shared().requests()).hasSize(8);
    assertThat(replay.shared().remaining()).isZero();
  }

  @Test
  void theResearchersSearchesFoundRealHits() throws Exception {
    List<ToolCall> climate = calls("climate");
    assertThat(climate)
        .extracting(call -> argument(call, "query"))
        .containsExactly(
            "heat pump emissions gas boilers", "grid carbon intensity electric heating");
    List<ToolResult> climateHits = results("climate");
    assertThat(hitIds(climateHits.get(0))).containsExactly("clim-02", "clim-01", "econ-03");
    assertThat(hitIds(climateHits.get(1))).containsExactly("clim-04", "econ-04", "clim-02");
    JsonNode best = Json.parse(climateHits.get(0).content()).get(0);
    assertThat(best.get("title").asText()).isEqualTo("Heat pumps in a mild maritime climate");
    assertThat(best.get("snippet").asText())
        .startsWith("Air-source heat pumps cut heating emissions by 60 to 70 percent");
    assertThat(best.get("score").asDouble()).isGreaterThan(0);

    assertThat(hitIds(results("economics").get(0)))
        .containsExactly("econ-02", "econ-04", "econ-01");
    List<ToolResult> policy = results("policy");
    assertThat(hitIds(policy.get(0))).first().isEqualTo("pol-03");
    assertThat(hitIds(policy.get(1))).containsExactly("pol-02", "pol-01", "econ-02");
  }

  @Test
  void theSynthesiserWaitedForAllThreeFindingsBeforeWriting() {
    // On the shared script the synthesiser's first request comes right after the coordinator's.
    String seen =
        replay.shared().requests().get(1).messages().stream()
            .map(ChatMessage::toString)
            .reduce("", String::concat);
    for (AgentMessage finding : result.messages().subList(2, 5)) {
      assertThat(seen).as(finding.source()).contains(finding.content());
    }
  }

  @Test
  void theCitationCheckerFailsTheFirstBriefAndPassesTheRevision() throws Exception {
    List<ToolCall> checks = calls("reviewer");
    assertThat(checks)
        .extracting(ToolCall::name)
        .containsExactly("checkCitations", "checkCitations");
    List<AgentMessage> briefs =
        result.messages().stream().filter(m -> m.source().equals("synthesiser")).toList();
    assertThat(argument(checks.get(0), "text")).isEqualTo(briefs.get(0).content());
    assertThat(argument(checks.get(1), "text")).isEqualTo(briefs.get(1).content());

    List<ToolResult> verdicts = results("reviewer");
    JsonNode first = Json.parse(verdicts.get(0).content());
    assertThat(first.get("passed").asBoolean()).isFalse();
    assertThat(first.get("citations").asInt()).isEqualTo(6);
    assertThat(first.get("problems")).hasSize(2);
    assertThat(first.get("problems").get(0).asText()).startsWith("[clim-06] names no document");
    assertThat(first.get("problems").get(1).asText())
        .startsWith("[econ-02] does not contain \"would raise about 18 million euros");

    JsonNode second = Json.parse(verdicts.get(1).content());
    assertThat(second.get("passed").asBoolean()).isTrue();
    assertThat(second.get("citations").asInt()).isEqualTo(6);
    assertThat(second.get("problems")).isEmpty();
  }

  @Test
  void theSynthesiserLookedUpTheRightDocumentsBeforeRevising() throws Exception {
    assertThat(calls("synthesiser"))
        .extracting(call -> argument(call, "query"))
        .containsExactly("heat pump emissions gas boilers", "18 million euros a year");
    List<ToolResult> hits = results("synthesiser");
    assertThat(hitIds(hits.get(0))).first().isEqualTo("clim-02");
    assertThat(hitIds(hits.get(1))).first().isEqualTo("econ-04");
  }

  @Test
  void theFinalAnswerIsTheApprovedBriefWithCitationsThatHold() {
    AgentMessage verdict = result.lastMessage();
    assertThat(verdict.source()).isEqualTo("reviewer");
    assertThat(verdict.content()).startsWith(ResearchDesk.APPROVED);
    String brief = result.messages().get(result.messages().size() - 2).content();
    assertThat(brief).contains("[clim-02]", "[econ-04]").doesNotContain("[clim-06]");
    assertThat(new CitationChecker(Corpus.bundled()).checkCitations(brief).passed()).isTrue();
    // Every scripted reply's usage, the researchers' own scripts included.
    assertThat(result.usage()).isEqualTo(new dev.cadre.model.Usage(10_530, 1_420));
  }

  @Test
  void anyOtherModelPlaysEveryAgentResearchersIncluded() {
    // The researchers share this script and run at once: their replies are alike so order is moot.
    String brief = "Heating matters: \"heating produced 38 percent\" [clim-01].";
    ReplayChatModel live =
        ReplayChatModel.builder()
            .text("Look into heating.")
            .text("Nothing more.")
            .text("Nothing more.")
            .text("Nothing more.")
            .text(brief)
            .toolCall("checkCitations", Json.write(Json.object().put("text", brief)))
            .text(ResearchDesk.APPROVED)
            .build();

    TaskResult run = SAMPLE.run(live, "Is heating a big source?", event -> {});

    assertThat(speakers(run))
        .containsExactly(
            "user", "coordinator", "climate", "economics", "policy", "synthesiser", "reviewer");
    assertThat(live.remaining()).isZero();
    assertThat(run.lastMessage().content()).isEqualTo(ResearchDesk.APPROVED);
  }
}
