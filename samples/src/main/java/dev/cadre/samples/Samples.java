package dev.cadre.samples;

import dev.cadre.samples.devteam.DevTeamSample;
import dev.cadre.samples.finance.FinanceSample;
import dev.cadre.samples.process.AnnotatedProcessSample;
import dev.cadre.samples.process.ProcessSample;
import dev.cadre.samples.research.ResearchSample;
import dev.cadre.samples.support.SupportSample;
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
        new SupportSample());
  }
}
