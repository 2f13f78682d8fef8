package dev.cadre.samples;

import dev.cadre.model.ChatModel;
import dev.cadre.model.ModelConfig;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.samples.cli.CadreCli;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The README's main command: with no arguments, {@code run devteam} (a planner, a coder, a tester
 * and a reviewer build and test real Java code); with arguments, the {@link CadreCli command line}.
 *
 * <p>Offline by default: a replay script on the class path plays the model for every agent, in
 * the order they call it. Set an API key (see {@link ModelConfig}) to run the same team against a
 * live model.
 */
public final class Main {

  static final String TASK = FeatureTeam.TASK;

  private Main() {}

  public static void main(String[] args) {
    int code = CadreCli.execute(args.length == 0 ? new String[] {"run", "devteam"} : args);
    // Exit only on failure: under exec:java a System.exit(0) would end Maven's own JVM mid-build.
    if (code != 0) {
      System.exit(code);
    }
  }

  /** A replay script from this package on the class path. */
  public static ChatModel replay(String script) {
    try (InputStream in = Main.class.getResourceAsStream(script)) {
      if (in == null) {
        throw new IllegalStateException("the replay script " + script + " is missing from the class path");
      }
      return ReplayChatModel.fromJsonLines(in, script);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
