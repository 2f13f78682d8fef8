package dev.cadre.samples.research;

import java.util.Objects;

/**
 * One short document of the research corpus.
 *
 * @param id what citations name it by, such as {@code econ-04}
 * @param domain the researcher it belongs to: climate, economics or policy
 * @param title its title
 * @param text its body, a few sentences
 */
public record Document(String id, String domain, String title, String text) {
  public Document {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(domain, "domain of " + id);
    Objects.requireNonNull(title, "title of " + id);
    Objects.requireNonNull(text, "text of " + id);
  }
}
