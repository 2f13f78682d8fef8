package dev.cadre.benchmarks;

import dev.cadre.benchmarks.cadre.CadreContestant;
import dev.cadre.benchmarks.floor.FloorContestant;
import dev.cadre.benchmarks.langchain4j.LangChain4jContestant;
import java.util.List;

/** The contestants by the names the benchmarks' {@code contestant} parameter takes. */
public final class Contestants {

  /** Every contestant's name, in the order the results table shows them. */
  public static final List<String> NAMES = List.of("cadre", "langchain4j", "floor");

  private Contestants() {}

  public static Contestant create(String name, Fakes fakes) {
    switch (name) {
      case "cadre":
        return new CadreContestant(fakes);
      case "langchain4j":
        return new LangChain4jContestant(fakes);
      case "floor":
        return new FloorContestant(fakes);
      default:
        throw new IllegalArgumentException(
            "no contestant named '" + name + "'; the contestants are " + NAMES);
    }
  }
}
