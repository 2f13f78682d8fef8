package dev.cadre.benchmarks;

import dev.cadre.benchmarks.fake.Echoes;
import dev.cadre.benchmarks.fake.FakeLlm;
import java.util.List;

/**
 * What each scenario must do, checked once in every benchmark's set-up: a contestant that does not
 * do the work (a wrong turn count, a tool that never ran, the wrong final text) fails the benchmark
 * before it can report a number.
 */
public final class Checks {

  /** The question of scenarios 1, 2 and 5. */
  public static final String QUESTION = "What is 2 + 3?";

  /** The topic of scenarios 3 and 5. */
  public static final String TOPIC = "benchmarks";

  private Checks() {}

  /** Scenario 1: one model turn, no tool, the plain answer. */
  public static void oneTurn(Contestant contestant, Fakes fakes) {
    fakes.startRecording();
    String answer = contestant.oneTurn(QUESTION);
    fakes.single.stopRecording();
    check(contestant, "one turn", FakeLlm.PLAIN_TEXT.equals(answer), "answered " + quote(answer));
    check(contestant, "one turn", fakes.single.calls() == 1, "made " + fakes.single.calls() + " model calls, not 1");
    check(contestant, "one turn", fakes.calculator.calls() == 0, "ran the tool");
  }

  /** Scenario 2: two model turns, the tool run once, the answer from its result. */
  public static void toolCall(Contestant contestant, Fakes fakes) {
    fakes.startRecording();
    String answer = contestant.toolCall(QUESTION);
    List<String> requests = fakes.single.stopRecording();
    toolCallResult(contestant, fakes, answer);
    check(contestant, "tool call", requests.get(1).contains("5"), "did not pass the tool's result 5 to the model: " + requests.get(1));
  }

  /** The part of {@link #toolCall} that can be checked after the fact (cold start). */
  public static void toolCallResult(Contestant contestant, Fakes fakes, String answer) {
    toolCallResult(contestant.name(), fakes, answer);
  }

  public static void toolCallResult(String contestant, Fakes fakes, String answer) {
    check(contestant, "tool call", FakeLlm.FINAL_TEXT.equals(answer), "answered " + quote(answer));
    check(contestant, "tool call", fakes.single.calls() == 2, "made " + fakes.single.calls() + " model calls, not 2");
    check(contestant, "tool call", fakes.calculator.calls() == 1, "ran the tool " + fakes.calculator.calls() + " times, not once");
  }

  /** Scenario 3: each agent called once, each seeing the answer of the one before. */
  public static void sequence(Contestant contestant, Fakes fakes) {
    fakes.startRecording();
    String answer = contestant.sequence(TOPIC);
    List<String> drafterSaw = fakes.drafter.stopRecording();
    List<String> editorSaw = fakes.editor.stopRecording();
    fakes.outliner.stopRecording();
    sequenceResult(contestant, fakes, answer);
    check(contestant, "sequence", drafterSaw.get(0).contains(Fakes.SEQUENCE_ANSWERS.get(0)), "the drafter did not see the outline: " + drafterSaw);
    check(contestant, "sequence", editorSaw.get(0).contains(Fakes.SEQUENCE_ANSWERS.get(1)), "the editor did not see the draft: " + editorSaw);
  }

  /** The part of {@link #sequence} that can be checked after the fact (cold start). */
  public static void sequenceResult(Contestant contestant, Fakes fakes, String answer) {
    sequenceResult(contestant.name(), fakes, answer);
  }

  public static void sequenceResult(String contestant, Fakes fakes, String answer) {
    check(contestant, "sequence", Fakes.SEQUENCE_ANSWERS.get(2).equals(answer), "answered " + quote(answer));
    for (FakeLlm llm : fakes.sequence()) {
      check(contestant, "sequence", llm.calls() == 1, "called the model answering " + quote(llm.plainText()) + " " + llm.calls() + " times, not once");
    }
  }

  /** Scenario 4: the method ran once and its result came back as text. */
  public static void dispatch(Contestant contestant, Fakes fakes) {
    fakes.startRecording();
    String result = contestant.dispatch(FakeLlm.TOOL_ARGUMENTS);
    check(contestant, "dispatch", "5".equals(result), "returned " + quote(result) + ", not \"5\"");
    check(contestant, "dispatch", fakes.calculator.calls() == 1, "ran the tool " + fakes.calculator.calls() + " times, not once");
  }

  /** The task of scenario 9. */
  public static final String CHAT_TASK = "Pass it on.";

  /** Scenario 9: 100 turns, the four echo agents in round robin, the task passed all the way. */
  public static void groupChat(Contestant contestant, Fakes fakes) {
    fakes.echoes.startRecording();
    String last = contestant.groupChat(CHAT_TASK);
    List<String> spoke = fakes.echoes.stopRecording();
    check(contestant, "group chat", CHAT_TASK.equals(last), "ended on " + quote(last));
    check(
        contestant,
        "group chat",
        spoke.size() == Echoes.TURNS,
        "took " + spoke.size() + " turns, not " + Echoes.TURNS);
    for (int i = 0; i < spoke.size(); i++) {
      String expected = Echoes.NAMES.get(i % Echoes.NAMES.size());
      check(
          contestant,
          "group chat",
          spoke.get(i).equals(expected),
          "let " + spoke.get(i) + " speak at turn " + (i + 1) + ", not " + expected);
    }
  }

  /** Fails the benchmark, naming the contestant, the scenario and what went wrong. */
  public static void check(Contestant contestant, String scenario, boolean holds, String problem) {
    check(contestant.name(), scenario, holds, problem);
  }

  public static void check(String contestant, String scenario, boolean holds, String problem) {
    if (!holds) {
      throw new IllegalStateException(
          contestant + " does not do scenario '" + scenario + "' as claimed: it " + problem);
    }
  }

  private static String quote(String text) {
    return text == null ? "null" : "\"" + text + "\"";
  }
}
