package dev.cadre.benchmarks;

import dev.cadre.benchmarks.fake.Calculator;
import dev.cadre.benchmarks.fake.Echoes;
import dev.cadre.benchmarks.fake.FakeLlm;
import java.util.List;

/**
 * The fakes one contestant works against: a model for the single agent, one model per agent of the
 * sequence (each with its own plain answer, so a set-up can tell who passed what on), the tool, and
 * the group chat's echo agents.
 */
public final class Fakes {

  /** The plain answers of the sequence's agents, in order. */
  public static final List<String> SEQUENCE_ANSWERS =
      List.of("Outline: three points.", "Draft: three paragraphs.", "Edited: ready to publish.");

  public final FakeLlm single = new FakeLlm();
  public final FakeLlm outliner = new FakeLlm(SEQUENCE_ANSWERS.get(0));
  public final FakeLlm drafter = new FakeLlm(SEQUENCE_ANSWERS.get(1));
  public final FakeLlm editor = new FakeLlm(SEQUENCE_ANSWERS.get(2));
  public final Calculator calculator = new Calculator();
  public final Echoes echoes = new Echoes();

  /** The sequence's models, in order. */
  public List<FakeLlm> sequence() {
    return List.of(outliner, drafter, editor);
  }

  /** Starts counting and recording on every fake, tool included. */
  public void startRecording() {
    single.startRecording();
    sequence().forEach(FakeLlm::startRecording);
    calculator.resetCalls();
  }
}
