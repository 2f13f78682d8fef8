package dev.cadre.samples.annotated;

import dev.cadre.annotations.Param;
import dev.cadre.annotations.Tool;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The project's developer notes, as tools an agent can search. */
public final class DeveloperNotes {

  private final Map<String, String> notes;

  public DeveloperNotes(Map<String, String> notes) {
    this.notes = Map.copyOf(notes);
  }

  /** A record of what a search found. */
  public record Hit(String topic, String text) {}

  @Tool("Searches the developer notes for a topic")
  public List<Hit> searchNotes(@Param("What to look for, in a few words") String query) {
    String wanted = query.toLowerCase(Locale.ROOT);
    return notes.entrySet().stream()
        .filter(entry -> wanted.contains(entry.getKey()))
        .map(entry -> new Hit(entry.getKey(), entry.getValue()))
        .sorted(java.util.Comparator.comparing(Hit::topic))
        .toList();
  }

  /**
   * Counts the words of a text.
   *
   * @param text the text to count
   */
  @Tool
  public static int countWords(String text) {
    return text.isBlank() ? 0 : text.strip().split("\\s+").length;
  }
}
