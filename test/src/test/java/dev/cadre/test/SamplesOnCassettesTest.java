package dev.cadre.test;

import static dev.cadre.test.CadreAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentMessage;
import dev.cadre.samples.Sample;
import dev.cadre.samples.Samples;
import dev.cadre.team.TaskResult;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cadre's samples recorded on a cassette (each one's bundled script standing in for the live
 * provider) and replayed from it: the same conversation, with no model behind it.
 *
 * <p>Left out: the research sample, which gives each researcher a script of its own only when it
 * recognises its own offline model by type; behind a cassette it would see one model and give all
 * the researchers, who run at once, one shared script. And the support sample, whose point is that
 * its memory outlives a run: the replay, run after the recording, finds the customer remembered
 * and asks the model something else (its own test runs it across two processes).
 */
class SamplesOnCassettesTest {

  @TempDir Path dir;

  static Stream<Sample> samples() {
    return Samples.all().stream()
        .filter(sample -> !sample.name().equals("research") && !sample.name().equals("support"));
  }

  private static Sample fresh(String name) {
    return Samples.all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void aSampleReplaysAsItWasRecorded(Sample sample) {
    Path file = dir.resolve(sample.name() + ".jsonl");
    TaskResult recorded;
    try (Cassette cassette =
        Cassette.builder(file).mode(Mode.RECORD).live(track -> sample.offlineModel()).build()) {
      recorded = sample.run(cassette.model("model"), sample.defaultTask(), event -> {});
    }

    // A fresh instance: a sample's tools may keep state (the process sample's order book
    // remembers a refund), and the replay must see what the recording saw.
    Sample fresh = fresh(sample.name());
    RunCapture replayed = new RunCapture();
    try (Cassette cassette = Cassette.builder(file).build()) {
      fresh.run(cassette.model("model"), fresh.defaultTask(), replayed);
    }

    assertThat(replayed.result().messages()).isEqualTo(recorded.messages());
    assertThat(replayed.result().stop()).isEqualTo(recorded.stop());
    List<String> speakers =
        recorded.messages().stream()
            .map(AgentMessage::source)
            .filter(source -> !source.equals("user"))
            .toList();
    assertThat(replayed).hasSpeakers(speakers.toArray(String[]::new));
  }
}
