package dev.cadre.samples;

import dev.cadre.model.ChatModel;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.samples.devteam.DevTeamSample;
import dev.cadre.samples.finance.FinanceSample;
import dev.cadre.samples.magentic.MagenticSample;
import dev.cadre.samples.process.AnnotatedProcessSample;
import dev.cadre.samples.process.ProcessSample;
import dev.cadre.samples.research.ResearchSample;
import dev.cadre.samples.support.SupportSample;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Every sample the command line can list and run, in the order it lists them. */
public final class Samples {

  private Samples() {}

  /** A fresh instance of every sample; each adds itself here with one line. */
  public static List<Sample> all() {
    return List.of(
        new DevTeamSample(),
        new FinanceSample(),
        new ResearchSample(),
        new ProcessSample(),
        new AnnotatedProcessSample(),
        new FeatureTeam(),
        new SupportSample(),
        new MagenticSample());
  }

  /** A replay script from this package on the class path. */
  public static ChatModel replay(String script) {
    try (InputStream in = Samples.class.getResourceAsStream(script)) {
      if (in == null) {
        throw new IllegalStateException(
            "the replay script " + script + " is missing from the class path");
      }
      return ReplayChatModel.fromJsonLines(in, script);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
