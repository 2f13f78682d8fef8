package dev.cadre.benchmarks.scenarios;

import dev.cadre.benchmarks.Checks;
import dev.cadre.benchmarks.fake.Echoes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Scenario 9: a group chat of four echo agents in round robin, 100 turns a chat; reported per turn
 * (a chat's start, and the reset after it, spread over its turns), and {@code -prof gc}'s
 * allocation per turn with it. No model: what a turn costs is the framework's alone.
 */
public class GroupChatBenchmark extends ContestantBenchmark {

  @Override
  protected void check() {
    Checks.groupChat(subject, fakes);
  }

  @Benchmark
  @OperationsPerInvocation(Echoes.TURNS)
  public String groupChat() {
    return subject.groupChat(Checks.CHAT_TASK);
  }
}
