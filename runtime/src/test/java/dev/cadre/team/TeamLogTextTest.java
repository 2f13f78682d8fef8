package dev.cadre.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.CancellationToken;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * What a team logs when a run fails quotes the failure, which may quote a model: the line must
 * reach a log (often a terminal) with no control sequence in it.
 */
class TeamLogTextTest {

  @Test
  void theStopLineOfAFailedRunCarriesNoControlSequence() {
    String hostile = "\u001b]0;owned\u0007bad\rGOOD\u001b[2J \u009b31m";
    ChatAgent thrower =
        new ChatAgent() {
          @Override
          public String name() {
            return "thrower";
          }

          @Override
          public String description() {
            return "throws what a model wrote";
          }

          @Override
          public AgentResponse onMessages(
              List<? extends AgentMessage> messages,
              CancellationToken cancellation,
              Consumer<AgentEvent> listener) {
            throw new IllegalStateException(hostile);
          }

          @Override
          public void reset() {}
        };
    // The tests log through slf4j-jdk14, so the team's lines are java.util.logging records.
    Logger logger = Logger.getLogger(TeamManager.class.getName());
    List<String> lines = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
              lines.add(record.getMessage());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try (Team team =
        new Team(
            new TeamSpec(
                "loud", "", List.of(thrower), new RoundRobin(), null, 3, null))) {
      assertThatThrownBy(() -> team.run("Go")).isInstanceOf(TeamRunException.class);
    } finally {
      logger.removeHandler(handler);
    }

    assertThat(lines).singleElement().asString().contains("thrower", "badGOOD");
    assertThat(lines.get(0).codePoints())
        .noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f));
  }
}
