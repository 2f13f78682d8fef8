package dev.cadre.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.core.CancellationToken;
import dev.cadre.dsl.Cadre;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ModelInfo;
import dev.cadre.model.Prices;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import dev.cadre.tool.JsonSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A team run over a dataset, scored, in parallel within a bound, as a table and HTML pages. */
class EvaluationTest {

  @TempDir Path dir;

  /** The capitals the system under test knows; Rome it gets wrong. */
  private static final Map<String, String> ANSWERS =
      Map.of(
          "France", "The capital is Paris.",
          "Japan", "The capital is Tokyo.",
          "Italy", "The capital is Milan. <script>alert(1)</script>",
          "Peru", "The capital is Lima.");

  private static Team team(ChatModel model) {
    return Cadre.roundRobin("quiz")
        .participant(Cadre.assistant("geo").model(model))
        .termination(Terminations.maxMessages(2))
        .build();
  }

  private static String country(EvalCase c) {
    return c.task().replace("Capital of ", "").replace("?", "");
  }

  private static Dataset capitals() {
    return Dataset.of(
        EvalCase.of("fr", "Capital of France?", "Paris"),
        EvalCase.of("jp", "Capital of Japan?", "Tokyo"),
        EvalCase.of("it", "Capital of Italy?", "Rome"),
        EvalCase.of("pe", "Capital of Peru?", "Lima"));
  }

  @Test
  void scoresEveryCaseAndReportsPassRatesInTheDatasetsOrder() throws Exception {
    Prices prices = Prices.builder().model("replay", Prices.Price.perMillion(1000, 1000)).build();
    EvalReport report =
        Evaluation.builder(capitals(), c -> team(ReplayChatModel.ofTexts(ANSWERS.get(country(c)))))
            .scorer(
                Scorers.contains(),
                Scorers.predicate("short", (c, result) -> Scorers.answer(result).length() < 40))
            .parallelism(3)
            .prices(prices)
            .clock(TestClock.create())
            .build()
            .run();

    assertThat(report.cases())
        .extracting(c -> c.evalCase().id())
        .containsExactly("fr", "jp", "it", "pe");
    assertThat(report.passRate()).isEqualTo(0.75);
    assertThat(report.passRate("contains")).isEqualTo(0.75);
    assertThat(report.passRate("short")).isEqualTo(0.75);
    assertThat(report.cases().get(2).scores().get(0).reason())
        .isEqualTo("no \"Rome\" in the answer");
    assertThat(report.table())
        .isEqualTo(
            "case  result  contains  short  tokens  cost\n"
                + "fr    pass    pass      pass   15      0.0150\n"
                + "jp    pass    pass      pass   15      0.0150\n"
                + "it    fail    fail      fail   15      0.0150\n"
                + "pe    pass    pass      pass   15      0.0150\n"
                + "passed 3 of 4 (75%); contains 75%; short 75%\n");
  }

  @Test
  void atMostTheGivenNumberOfCasesRunAtOnce() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    ChatModel slow =
        new ChatModel() {
          @Override
          public ModelInfo info() {
            return ModelInfo.capable("slow");
          }

          @Override
          public ChatResponse chat(ChatRequest request, CancellationToken cancellation) {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
              Thread.sleep(150);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              running.decrementAndGet();
            }
            return ChatResponse.ofText("Paris", new Usage(1, 1), "slow");
          }
        };
    Dataset six =
        Dataset.of(
            EvalCase.of("1", "a", "Paris"), EvalCase.of("2", "b", "Paris"),
            EvalCase.of("3", "c", "Paris"), EvalCase.of("4", "d", "Paris"),
            EvalCase.of("5", "e", "Paris"), EvalCase.of("6", "f", "Paris"));

    EvalReport report =
        Evaluation.builder(six, c -> team(slow))
            .scorer(Scorers.exactMatch())
            .parallelism(2)
            .build()
            .run();

    assertThat(report.passRate()).isEqualTo(1.0);
    assertThat(most.get()).isBetween(1, 2);
  }

  @Test
  void aFailingRunOrScorerFailsItsCaseAndTheEvaluationGoesOn() {
    EvalReport report =
        Evaluation.builder(
                capitals(),
                c ->
                    team(
                        c.id().equals("jp")
                            ? FaultyModel.wrap(ReplayChatModel.ofTexts("x"))
                                .failCall(1, 500)
                                .build()
                            : ReplayChatModel.ofTexts(ANSWERS.get(country(c)))))
            .scorer(
                Scorers.exactMatch(),
                (c, result) -> {
                  throw new IllegalStateException("scorer bug on " + c.id());
                })
            .build()
            .run();

    assertThat(report.passRate()).isZero();
    Evaluation.CaseResult jp = report.cases().get(1);
    assertThat(jp.failure()).contains("HTTP 500 on call 1");
    assertThat(jp.scores().get(0).passed()).isFalse();
    assertThat(report.cases().get(0).scores().get(1))
        .isEqualTo(
            new Score(
                "scorer 2",
                false,
                "the scorer threw java.lang.IllegalStateException: scorer bug on fr"));
    assertThat(report.table()).contains("jp    error");
  }

  @Test
  void aJsonSchemaScorerChecksTheAnswersShape() {
    Dataset one =
        Dataset.of(EvalCase.of("a", "give json", null), EvalCase.of("b", "give json", null));
    EvalReport report =
        Evaluation.builder(
                one,
                c ->
                    team(
                        ReplayChatModel.ofTexts(
                            c.id().equals("a")
                                ? "{\"city\":\"Paris\",\"days\":2}"
                                : "{\"city\":3}")))
            .scorer(
                Scorers.jsonSchema(
                    JsonSchemas.object()
                        .property("city", JsonSchemas.string(), "the city")
                        .property("days", JsonSchemas.integer(), "how long")
                        .build()))
            .build()
            .run();

    assertThat(report.cases().get(0).passed()).isTrue();
    assertThat(report.cases().get(1).scores().get(0).reason()).contains("city").contains("days");
  }

  @Test
  void anLlmJudgeGradesByItsRubricAndAnUnreadableVerdictFails() {
    ReplayChatModel judge =
        ReplayChatModel.ofTexts(
            "{\"pass\": true, \"reason\": \"names the capital\"}", "I think it is fine!");
    Dataset two =
        Dataset.of(
            EvalCase.of("fr", "Capital of France?", "Paris"),
            EvalCase.of("pe", "Capital of Peru?", "Lima"));

    EvalReport report =
        Evaluation.builder(two, c -> team(ReplayChatModel.ofTexts(ANSWERS.get(country(c)))))
            .scorer(Scorers.judge("judge", judge, "The answer names the right capital."))
            .build()
            .run();

    assertThat(report.cases().get(0).scores().get(0))
        .isEqualTo(new Score("judge", true, "names the capital"));
    assertThat(report.cases().get(1).scores().get(0))
        .isEqualTo(
            new Score(
                "judge",
                false,
                "the judge's reply is not the verdict asked for: \"I think it is fine!\""));
    ChatRequest asked = judge.requests().get(0);
    assertThat(asked.responseFormat().schema()).isEqualTo(Scorers.VERDICT);
    assertThat(asked.messages().get(1).toString())
        .contains("The answer names the right capital.")
        .contains("<<<\nThe capital is Paris.\n<<<END");
  }

  @Test
  void thePagesEscapeModelTextAndLinkEachCasesTranscript() throws Exception {
    EvalReport report =
        Evaluation.builder(capitals(), c -> team(ReplayChatModel.ofTexts(ANSWERS.get(country(c)))))
            .scorer(Scorers.contains())
            .clock(TestClock.create())
            .build()
            .run();

    report.write(dir);

    String index = Files.readString(dir.resolve("index.html"));
    assertThat(index).contains("passed 3 of 4 (75%); contains 75%");
    assertThat(index).contains("<a href=\"case-3.html\">it</a>");
    String italy = Files.readString(dir.resolve("case-3.html"));
    assertThat(italy).contains("The capital is Milan.").doesNotContain("<script>alert(1)</script>");
    assertThat(italy).contains("&lt;script&gt;");
    assertThat(Files.list(dir)).hasSize(5);
  }
}
