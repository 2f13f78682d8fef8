package dev.cadre.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.dsl.Cadre;
import dev.cadre.model.ChatModel;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's evaluation example, run as it is shown. */
class ReadmeEvaluationTest {

  @TempDir Path dir;

  private static Team tripTeam(ChatModel model) {
    return Cadre.roundRobin("trip")
        .participant(Cadre.assistant("planner").model(model).tool(Weather.weatherTool()))
        .participant(Cadre.assistant("writer").model(model))
        .termination(Terminations.textMention("DONE"))
        .build();
  }

  @Test
  void evaluation() throws Exception {
    ChatModel judgeModel =
        ReplayChatModel.ofTexts(
            "{\"pass\": true, \"reason\": \"ok\"}", "{\"pass\": true, \"reason\": \"ok\"}");
    Path cases = dir.resolve("cases.jsonl");
    java.nio.file.Files.writeString(
        cases,
        "{\"id\": \"lyon\", \"task\": \"Plan a day in Lyon\", \"expected\": \"DONE\"}\n"
            + "{\"id\": \"rome\", \"task\": \"Plan a day in Rome\", \"expected\": \"DONE\"}\n");
    Path reportDir = dir.resolve("eval");
    // README:begin
    EvalReport report =
        Evaluation.builder(
                Dataset.read(cases), c -> tripTeam(ReplayChatModel.ofTexts("Go.", "DONE")))
            .scorer(
                Scorers.contains(),
                Scorers.judge("judge", judgeModel, "The plan is for the city the task names."))
            .parallelism(4)
            .build()
            .run();
    System.out.print(report.table());
    report.write(reportDir); // index.html, and case-1.html... (run reports)
    // README:end
    assertThat(report.passRate()).isEqualTo(1.0);
    assertThat(reportDir.resolve("case-2.html")).exists();
  }
}
