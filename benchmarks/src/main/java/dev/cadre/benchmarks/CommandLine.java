package dev.cadre.benchmarks;

import java.util.function.BiConsumer;
import java.util.function.Function;

/** What the harnesses' command lines share. */
public final class CommandLine {

  private CommandLine() {}

  /**
   * {@code parse(args)}; when it refuses them ({@link IllegalArgumentException}), prints why and
   * {@code usage}, and exits with status 2.
   */
  public static <T> T parseOrExit(String[] args, Function<String[], T> parse, String usage) {
    try {
      return parse.apply(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(usage);
      System.exit(2);
      throw e; // not reached
    }
  }

  /** Hands each {@code --name value} pair of {@code args} to {@code option}, in order. */
  public static void forEachOption(String[] args, BiConsumer<String, String> option) {
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value");
      }
      option.accept(args[i], args[i + 1]);
    }
  }

  /** {@code value} as a positive whole number, or an error naming {@code option}. */
  public static int positive(String option, String value) {
    try {
      int number = Integer.parseInt(value);
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " takes a positive whole number, not " + value);
  }
}
