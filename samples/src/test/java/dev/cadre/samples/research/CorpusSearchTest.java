package dev.cadre.samples.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.samples.research.CorpusSearch.Hit;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BM25 search over a corpus, and reading one. */
class CorpusSearchTest {

  private static final Corpus SMALL =
      new Corpus(
          List.of(
              new Document("a-1", "x", "Heat pumps", "Heat pumps save energy. They cost money."),
              new Document("a-2", "x", "Boilers", "Gas boilers burn gas. Gas is cheap today."),
              new Document("a-3", "x", "Trees", "Trees cool streets in summer.")));

  @Test
  void ranksByBm25AndSnipsTheSentenceThatMatchedBest() {
    List<Hit> hits = new CorpusSearch(SMALL).searchCorpus("gas cost");

    // "gas" is three times in a-2 and in no other document; "cost" once in a-1.
    assertThat(hits).extracting(Hit::id).containsExactly("a-2", "a-1");
    assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
    assertThat(hits.get(0).snippet()).isEqualTo("Gas boilers burn gas.");
    assertThat(hits.get(1).snippet()).isEqualTo("They cost money.");
    assertThat(hits.get(1).title()).isEqualTo("Heat pumps");
  }

  @Test
  void pluralsAndCaseMatchAndStopWordsDoNot() {
    CorpusSearch search = new CorpusSearch(SMALL);

    assertThat(search.searchCorpus("TREE")).extracting(Hit::id).containsExactly("a-3");
    assertThat(search.searchCorpus("the and of")).isEmpty();
  }

  @Test
  void returnsAtMostThreeHitsFromTheBundledCorpus() {
    List<Hit> hits = new CorpusSearch(Corpus.bundled()).searchCorpus("heat pump");

    assertThat(hits).hasSize(CorpusSearch.MAX_HITS);
    assertThat(hits).extracting(Hit::id).first().isEqualTo("clim-02");
  }

  @Test
  void anEmptyQueryIsRefusedWithAHint() {
    assertThatThrownBy(() -> new CorpusSearch(SMALL).searchCorpus(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keywords");
  }

  @Test
  void theBundledCorpusHoldsFifteenDocumentsAcrossThreeDomains() {
    Corpus corpus = Corpus.bundled();

    assertThat(corpus.documents()).hasSize(15);
    assertThat(corpus.documents().stream().map(Document::domain).distinct())
        .containsExactly("climate", "economics", "policy");
    assertThat(corpus.find("econ-04"))
        .get()
        .extracting(Document::title)
        .isEqualTo("Carbon price revenue projections");
    assertThat(corpus.find("clim-06")).isEmpty();
  }

  @Test
  void readingACorpusNamesTheBadLineAndDuplicateIds() {
    String bad = "# notes\n{\"id\": \"a-1\", \"domain\": \"x\", \"title\": \"t\"}\n";
    assertThatThrownBy(
            () ->
                Corpus.read(
                    new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)), "bad.jsonl"))
        .hasMessageStartingWith("bad.jsonl line 2 is not a document");

    Document one = new Document("a-1", "x", "t", "text");
    assertThatThrownBy(() -> new Corpus(List.of(one, one)))
        .hasMessageContaining("two documents have the id 'a-1'");
  }
}
