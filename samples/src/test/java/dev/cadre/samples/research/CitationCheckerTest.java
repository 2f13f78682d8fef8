package dev.cadre.samples.research;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.samples.research.CitationChecker.CitationReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The citation rule, case by case, on a two-document corpus. */
class CitationCheckerTest {

  private final CitationChecker checker =
      new CitationChecker(
          new Corpus(
              List.of(
                  new Document(
                      "clim-01", "climate", "Heating", "Heating produced 38 percent of emissions."),
                  new Document(
                      "econ-04", "economics", "Revenue", "It would raise 18 million euros."))));

  @Test
  void aQuoteFoundInTheCitedDocumentPasses() {
    CitationReport report =
        checker.checkCitations(
            "Heating dominates: \"heating  PRODUCED 38 percent.\" [clim-01], and it \"would raise"
                + " 18 million euros\" [econ-04].");

    assertThat(report).isEqualTo(new CitationReport(true, 2, List.of()));
  }

  @Test
  void anUnknownIdFailsAndSaysWhatToCite() {
    CitationReport report = checker.checkCitations("\"heating produced 38 percent\" [clim-06]");

    assertThat(report.passed()).isFalse();
    assertThat(report.problems())
        .containsExactly(
            "[clim-06] names no document of the corpus: cite an id that searchCorpus returned");
  }

  @Test
  void aQuoteTheCitedDocumentLacksFailsNamingTheQuote() {
    CitationReport report =
        checker.checkCitations("\"would raise about 18 million euros a year\" [clim-01]");

    assertThat(report.problems())
        .containsExactly(
            "[clim-01] does not contain \"would raise about 18 million euros a year\": cite the"
                + " document these words come from, or quote clim-01 exactly");
  }

  @Test
  void aCitationMustFollowItsQuoteDirectly() {
    CitationReport report =
        checker.checkCitations("\"heating produced 38 percent\" says the inventory [clim-01]");

    assertThat(report.passed()).isFalse();
    assertThat(report.problems())
        .singleElement()
        .asString()
        .startsWith("[clim-01] follows no quoted words");
  }

  @Test
  void aQuoteCountsOnlyForTheCitationsRightAfterIt() {
    CitationReport report =
        checker.checkCitations(
            "\u201Cheating produced 38 percent\u201D [clim-01] [econ-04]. Revenue follows"
                + " [econ-04].");

    assertThat(report.citations()).isEqualTo(3);
    assertThat(report.problems())
        .containsExactly(
            "[econ-04] does not contain \"heating produced 38 percent\": cite the document these"
                + " words come from, or quote econ-04 exactly",
            "[econ-04] follows no quoted words: put the words it supports in double quotes right"
                + " before it");
  }

  @Test
  void aTextWithoutCitationsFailsAndOtherBracketsAreNotCitations() {
    CitationReport report = checker.checkCitations("Heating is [mostly] the problem [1].");

    assertThat(report.citations()).isZero();
    assertThat(report.passed()).isFalse();
    assertThat(report.problems()).singleElement().asString().contains("cites no document");
  }
}
