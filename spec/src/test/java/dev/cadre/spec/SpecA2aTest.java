package dev.cadre.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cadre.a2a.A2aRemoteAgent;
import dev.cadre.a2a.A2aServer;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.TaskResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A participant written {@code a2a: <url>}: a remote A2A agent in a spec's team. */
@Timeout(60)
class SpecA2aTest {

  @TempDir Path dir;
  private A2aServer archive;

  @BeforeEach
  void serve() throws Exception {
    archive =
        A2aServer.builder("archivist")
            .description("Finds old records")
            .agent(
                input ->
                    AssistantAgent.builder("archivist")
                        .systemMessage(null)
                        .model(ReplayChatModel.ofTexts("Record 1907: the bridge opened"))
                        .build())
            .start();
  }

  @AfterEach
  void stop() {
    archive.close();
  }

  private Path write(String text) throws Exception {
    Files.writeString(
        dir.resolve("script.jsonl"), "{\"text\": \"records\"}\n{\"text\": \"writer\"}\n");
    Files.writeString(dir.resolve("writer.jsonl"), "{\"text\": \"It opened in 1907.\"}\n");
    return Files.writeString(dir.resolve("desk.yaml"), text);
  }

  private static List<SpecFinding> findings(Path spec) {
    Throwable thrown = catchThrowable(() -> Specs.load(spec, SpecOptions.defaults().env(Map.of())));
    assertThat(thrown).isInstanceOf(SpecException.class);
    return ((SpecException) thrown).findings();
  }

  @Test
  void aSelectorTeamOfASpecPicksTheRemoteAgentByItsCardsDescription() throws Exception {
    Path spec =
        write(
            "name: desk\n"
                + "pattern: selector\n"
                + "model: {provider: replay, script: script.jsonl}\n"
                + "termination: maxMessages(3)\n"
                + "participants:\n"
                + "  - name: records\n"
                + "    a2a: "
                + archive.url()
                + "\n"
                + "  - name: writer\n"
                + "    description: Writes the answer\n"
                + "    model: {provider: replay, script: writer.jsonl}\n");

    try (LoadedTeam loaded = Specs.load(spec, SpecOptions.defaults().env(Map.of()))) {
      A2aRemoteAgent records = (A2aRemoteAgent) loaded.team().spec().participants().get(0);
      TaskResult result = loaded.team().run("When did the bridge open?");

      assertThat(records.description()).isEqualTo("Finds old records");
      assertThat(result.messages().stream().map(m -> m.source() + ": " + m.content()).toList())
          .containsExactly(
              "user: When did the bridge open?",
              "records: Record 1907: the bridge opened",
              "writer: It opened in 1907.");
      assertThat(Specs.toYaml(loaded.team())).contains("  a2a: " + archive.url() + "\n");
    }
  }

  @Test
  void aRemoteAgentWithAModelOrAnUnreachableOneIsAFinding() throws Exception {
    Path spec =
        write(
            "name: desk\n"
                + "pattern: roundRobin\n"
                + "maxTurns: 2\n"
                + "participants:\n"
                + "  - name: remote\n"
                + "    a2a: http://127.0.0.1:1/\n"
                + "    model: {provider: replay, script: writer.jsonl}\n");

    List<SpecFinding> findings = findings(spec);
    assertThat(findings).extracting(SpecFinding::tag).containsOnly("Cadre/SpecA2a");
    assertThat(findings).extracting(f -> f.where().line()).contains(7);
  }

  @Test
  void aRemoteAgentGivenAnApprovalOrAMemoryIsAFindingOnThatKey() throws Exception {
    Path spec =
        write(
            "name: desk\n"
                + "pattern: roundRobin\n"
                + "maxTurns: 2\n"
                + "participants:\n"
                + "  - name: remote\n"
                + "    a2a: http://127.0.0.1:1/\n"
                + "    approval: {by: deny}\n"
                + "    memory: {writes: user:alice}\n");

    List<SpecFinding> findings = findings(spec);
    assertThat(findings)
        .filteredOn(f -> f.message().contains("brings its own"))
        .extracting(f -> f.where().line())
        .containsExactlyInAnyOrder(7, 8);
  }

  @Test
  void anUnreachableRemoteAgentIsAFindingNamingIt() throws Exception {
    Path spec =
        write(
            "name: desk\n"
                + "pattern: roundRobin\n"
                + "maxTurns: 2\n"
                + "participants:\n"
                + "  - name: remote\n"
                + "    a2a: http://127.0.0.1:1/\n");

    assertThat(findings(spec))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.tag()).isEqualTo("Cadre/SpecA2a");
              assertThat(f.message())
                  .contains("remote A2A agent 'remote' could not be reached")
                  .contains("http://127.0.0.1:1/");
              assertThat(f.where().line()).isEqualTo(5);
            });
  }
}
