package dev.cadre.processor.tool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JavadocTest {

  @Test
  void firstParagraphIsTheSummaryAsPlainText() {
    Javadoc doc =
        Javadoc.parse(
            " The {@code forecast} for a city, see {@link Weather#forecast the forecast} and\n"
                + " {@link Weather#today}.\n"
                + "\n"
                + " <p>Second paragraph.\n"
                + " @param city the city,\n"
                + "     e.g. {@code Paris}\n"
                + " @param <T> a type\n"
                + " @param days\n"
                + " @return the forecast\n");

    assertThat(doc.summary())
        .isEqualTo("The forecast for a city, see the forecast and Weather.today.");
    assertThat(doc.parameters()).containsOnlyKeys("city");
    assertThat(doc.parameters().get("city")).isEqualTo("the city, e.g. Paris");
  }

  @Test
  void linesWithLeadingStarsAndHtmlAreCleaned() {
    Javadoc doc = Javadoc.parse(" * Looks <b>things</b> up.\n *\n * @param q what");

    assertThat(doc.summary()).isEqualTo("Looks things up.");
    assertThat(doc.parameters()).containsEntry("q", "what");
  }

  @Test
  void noCommentIsNoDescription() {
    assertThat(Javadoc.parse(null)).isEqualTo(Javadoc.NONE);
    assertThat(Javadoc.parse("  \n ")).isEqualTo(Javadoc.NONE);
    assertThat(Javadoc.parse("@param a only tags").summary()).isEmpty();
  }
}
