package dev.cadre.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.model.ChatModel;
import dev.cadre.model.replay.ReplayChatModel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's fakes example, run as it is shown. */
class ReadmeFakesTest {

  @Test
  void fakes() {
    ChatModel model = ReplayChatModel.ofTexts("one", "two", "three");
    // README:begin
    TestClock clock = TestClock.create(); // 2026-01-01T00:00Z, 1 ms per reading
    TestIds runIds = TestIds.sequence("run"); // run-1, run-2...
    ScriptedHuman person = ScriptedHuman.answering("Lyon", "yes"); // questions and approvals
    ChatModel flaky =
        FaultyModel.wrap(model)
            .failCall(2, 429) // the second call fails as a rate limit
            .delayCall(3, Duration.ofSeconds(2))
            .cutStream(4, 1) // the fourth call's stream stops after one chunk
            .build();
    // README:end
    assertThat(clock.instant()).isEqualTo(TestClock.START);
    assertThat(runIds.get()).isEqualTo("run-1");
    assertThat(person.remaining()).isEqualTo(2);
    assertThat(flaky.info()).isEqualTo(model.info());
  }
}
