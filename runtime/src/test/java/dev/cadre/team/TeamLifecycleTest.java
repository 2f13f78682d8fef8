package dev.cadre.team;

import static dev.cadre.team.TeamFixtures.agent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentMessage;
import dev.cadre.core.InProcessRuntime;
import dev.cadre.core.InProcessRuntime.Footprint;
import dev.cadre.model.replay.ReplayChatModel;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Teams built, run and closed one after another on one shared runtime leave nothing behind: the
 * runtime holds what it held before, and live heap stays flat however many teams came and went.
 */
@Timeout(120)
class TeamLifecycleTest {

  private static final int WAVES = 10;
  private static final int TEAMS_PER_WAVE = 200;

  private final InProcessRuntime runtime = new InProcessRuntime();

  @AfterEach
  void close() {
    runtime.close();
  }

  private Team team(int n) {
    return new Team(
        new TeamSpec(
            "writers",
            "",
            List.of(
                agent("writer", ReplayChatModel.ofTexts("Draft " + n)),
                agent("critic", ReplayChatModel.ofTexts("APPROVE " + n))),
            new RoundRobin(),
            Terminations.textMention("APPROVE"),
            4,
            runtime));
  }

  @Test
  void teamsClosedOnASharedRuntimeReleaseEverythingTheyRegistered() throws Exception {
    Footprint before = runtime.footprint();
    AtomicInteger events = new AtomicInteger();
    long[] heapAfterWave = new long[WAVES];
    for (int wave = 0; wave < WAVES; wave++) {
      for (int i = 0; i < TEAMS_PER_WAVE; i++) {
        int n = wave * TEAMS_PER_WAVE + i;
        try (Team team = team(n)) {
          // Half listen to the run's events, so the collector and its subscription are used too.
          TaskResult result =
              n % 2 == 0
                  ? team.run("Write " + n)
                  : team.run(
                      List.of(AgentMessage.user("Write " + n)), event -> events.incrementAndGet());
          assertThat(result.messages())
              .extracting(AgentMessage::content)
              .containsExactly("Write " + n, "Draft " + n, "APPROVE " + n);
        }
      }
      assertThat(runtime.footprint()).as("after wave %d", wave + 1).isEqualTo(before);
      heapAfterWave[wave] = liveHeap();
    }

    assertThat(events).hasPositiveValue();
    // 1,600 runs lie between the second wave and the last. Before teams released what they had
    // registered, they held about 10 MB; allow a fifth of that for the collector's noise.
    long growth = heapAfterWave[WAVES - 1] - heapAfterWave[1];
    assertThat(growth)
        .as("heap growth from wave 2 to wave %d, bytes; by wave: %s", WAVES, list(heapAfterWave))
        .isLessThan(2_000_000L);
  }

  private static long liveHeap() throws InterruptedException {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(20);
      least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  private static List<Long> list(long[] values) {
    List<Long> list = new ArrayList<>();
    for (long value : values) {
      list.add(value);
    }
    return list;
  }
}
