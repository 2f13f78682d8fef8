package dev.cadre.present;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Each agent's colour in a run report, given in the order the agents first appear, and the same in
 * the graph, the timeline, the agents' table and the transcript: a class per colour ({@code c0},
 * {@code c1}...) that the report's stylesheet fills.
 */
final class ReportColours {

  private static final String[] PALETTE = {
    "#8ecae6", "#ffb703", "#b5e48c", "#f4a6c6", "#cdb4db", "#f8961e", "#90be6d", "#a8dadc",
    "#ffd6a5", "#bde0fe", "#e9c46a", "#caffbf"
  };

  private final Map<String, String> colours = new LinkedHashMap<>();

  /** Gives {@code agent} the next colour of the palette, unless it has one. */
  void assign(String agent) {
    colours.computeIfAbsent(agent, a -> PALETTE[colours.size() % PALETTE.length]);
  }

  /** Each agent's colour, in the order the agents first appeared. */
  Map<String, String> byAgent() {
    return Collections.unmodifiableMap(colours);
  }

  /** The class that gives an agent's swatch and bars its colour; "" for an agent without one. */
  String cssClass(String agent) {
    int index = 0;
    for (String name : colours.keySet()) {
      if (name.equals(agent)) {
        return "c" + index;
      }
      index++;
    }
    return "";
  }

  /** Appends the rule of each colour's class to {@code css}. */
  void appendRules(StringBuilder css) {
    int index = 0;
    for (String colour : colours.values()) {
      css.append(String.format(Locale.ROOT, ".cadre-run .c%d{background:%s}", index++, colour));
    }
  }
}
