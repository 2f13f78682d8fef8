package dev.cadre.samples;

import dev.cadre.model.ChatModel;
import dev.cadre.model.ModelConfig;
import dev.cadre.model.replay.ReplayChatModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The README's main command: the six-agent feature team at work.
 *
 * <p>Offline by default: one replay script on the class path plays the model for every agent and
 * for the speaker selector, in the order they call it. Set an API key (see {@link ModelConfig}) to
 * run the same team against a live model. Arguments, if any, replace the task.
 */
public final class Main {

  static final String TASK = "Add a --dry-run flag to the deploy command.";

  private Main() {}

  public static void main(String[] args) {
    String task = args.length > 0 ? String.join(" ", args) : TASK;
    ChatModel model = ModelConfig.fromEnvironment().create(() -> replay("feature-team.jsonl"));
    FeatureTeam.run(model, task, System.out);
  }

  /** A replay script from this package on the class path. */
  static ChatModel replay(String script) {
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
