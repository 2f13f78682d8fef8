package dev.cadre.memory.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.core.CancellationToken;
import dev.cadre.memory.HashingEmbeddingModel;
import dev.cadre.memory.MemoryEntry;
import dev.cadre.memory.MemoryFilter;
import dev.cadre.memory.MemoryQuery;
import dev.cadre.memory.Scope;
import dev.cadre.memory.ScoredEntry;
import dev.cadre.memory.lucene.LuceneMemoryStore;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolExecutor;
import dev.cadre.tool.ToolResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingestion of the bundled Markdown and HTML files and a PDF made here, with citations checked. */
class DocumentIngestionTest {

  private static final Scope DOCS = Scope.team("support");
  private static final String[] BUNDLED = {
    "returns.md", "policies/shipping.md", "policies/warranty.html"
  };

  @TempDir Path dir;
  private Path folder;
  private LuceneMemoryStore store;

  @BeforeEach
  void setUp() throws IOException {
    folder = dir.resolve("docs");
    for (String name : BUNDLED) {
      Path target = folder.resolve(name);
      Files.createDirectories(target.getParent());
      try (InputStream in = getClass().getResourceAsStream("/documents/" + name)) {
        Files.copy(in, target);
      }
    }
    writePdf(
        folder.resolve("manual.pdf"),
        List.of(
            "The kettle holds one and a half litres of water.",
            "Descale the kettle every month with citric acid."));
    store = LuceneMemoryStore.open(dir.resolve("index"), new HashingEmbeddingModel(256));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  /** A PDF with one line of text on each page. */
  private static void writePdf(Path file, List<String> pages) throws IOException {
    try (PDDocument pdf = new PDDocument()) {
      for (String line : pages) {
        PDPage page = new PDPage();
        pdf.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
          content.beginText();
          content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
          content.newLineAtOffset(72, 700);
          content.showText(line);
          content.endText();
        }
      }
      pdf.save(file.toFile());
    }
  }

  private String search(String query) {
    ToolExecutor tools = new ToolExecutor(List.of(DocumentSearch.tool(store, Set.of(DOCS))));
    ToolResult result =
        tools.execute(
            new ToolCall("c1", DocumentSearch.NAME, "{\"query\": \"" + query + "\", \"limit\": 1}"),
            CancellationToken.none());
    assertThat(result.error()).as(result.content()).isFalse();
    return result.content();
  }

  private static final Pattern CITATION =
      Pattern.compile(
          "\\[([^,\\]]+)(?:, page (\\d+))?, characters (\\d+)-(\\d+)(?:, section"
              + " \"([^\"]*)\")?\\]\\n"
              + "(.*)",
          Pattern.DOTALL);

  /** Checks that the cited characters of the cited file are the quoted text; returns the match. */
  private Matcher checkCitation(String answer) throws IOException {
    Matcher m = CITATION.matcher(answer);
    assertThat(m.matches()).as(answer).isTrue();
    Path file = folder.resolve(m.group(1));
    String text = DocumentText.read(file).text();
    assertThat(text.substring(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))))
        .isEqualTo(m.group(6));
    return m;
  }

  @Test
  void searchResultsCiteSourceAndPositionOfWhatTheyQuote() throws IOException {
    DocumentIngestor.Report report = new DocumentIngestor(store, DOCS).ingest(folder);
    assertThat(report.ingested())
        .containsExactly(
            "manual.pdf", "policies/shipping.md", "policies/warranty.html", "returns.md");

    Matcher refunds = checkCitation(search("refunds original payment method working days"));
    assertThat(refunds.group(1)).isEqualTo("returns.md");
    assertThat(refunds.group(5)).isEqualTo("Returns > Refunds");
    assertThat(refunds.group(6)).contains("five working days");

    Matcher express = checkCitation(search("express shipping next working day"));
    assertThat(express.group(1)).isEqualTo("policies/shipping.md");
    assertThat(express.group(5)).isEqualTo("Shipping > Costs");

    Matcher descale = checkCitation(search("descale citric acid"));
    assertThat(descale.group(1)).isEqualTo("manual.pdf");
    assertThat(descale.group(2)).isEqualTo("2");
    assertThat(descale.group(6)).contains("Descale the kettle");

    Matcher claims = checkCitation(search("claim receipt photo of the fault"));
    assertThat(claims.group(1)).isEqualTo("policies/warranty.html");
    assertThat(claims.group(5)).isEqualTo("Warranty > Claims");
    assertThat(claims.group(6)).contains("warranty's desk & we answer").doesNotContain("<p>");
  }

  @Test
  void smallChunksOfOneSectionOverlapAndAllCite() throws IOException {
    new DocumentIngestor(store, DOCS, new Chunker(12, 4)).ingest(folder.resolve("returns.md"));

    List<ScoredEntry> chunks =
        store.search(
            new MemoryQuery(
                "refunds",
                Set.of(DOCS),
                MemoryFilter.ANY.withSource("returns.md"),
                50,
                MemoryQuery.SearchMode.KEYWORD));
    String file = Files.readString(folder.resolve("returns.md"));
    assertThat(chunks).hasSizeGreaterThan(1);
    for (ScoredEntry hit : chunks) {
      MemoryEntry e = hit.entry();
      int start = Integer.parseInt(e.attributes().get("start"));
      int end = Integer.parseInt(e.attributes().get("end"));
      assertThat(file.substring(start, end)).isEqualTo(DocumentSearch.quote(e));
      assertThat(e.text()).startsWith(e.attributes().get("heading"));
    }
  }

  @Test
  void reIngestionSkipsUnchangedFilesAndReplacesChangedOnes() throws IOException {
    DocumentIngestor ingestor = new DocumentIngestor(store, DOCS, new Chunker(12, 4));
    DocumentIngestor.Report first = ingestor.ingest(folder);
    long before = store.count(DOCS);

    DocumentIngestor.Report again = ingestor.ingest(folder);
    assertThat(again.ingested()).isEmpty();
    assertThat(again.unchanged()).hasSize(4);
    assertThat(again.chunks()).isZero();
    assertThat(store.count(DOCS)).isEqualTo(before);

    Files.writeString(folder.resolve("returns.md"), "# Returns\n\nNo returns after 14 days.\n");
    DocumentIngestor.Report changed = ingestor.ingest(folder);

    assertThat(changed.ingested()).containsExactly("returns.md");
    assertThat(changed.unchanged()).hasSize(3);
    int oldReturnsChunks = first.chunks() - (int) (before - store.count(DOCS)) - changed.chunks();
    assertThat(oldReturnsChunks).isPositive();
    assertThat(
            store.search(
                new MemoryQuery(
                    "refunds five working days",
                    Set.of(DOCS),
                    MemoryFilter.ANY.withSource("returns.md"),
                    10,
                    MemoryQuery.SearchMode.KEYWORD)))
        .extracting(hit -> hit.entry().text())
        .containsExactly("Returns\n\n# Returns\n\nNo returns after 14 days.");
    assertThat(search("returns after 14 days")).contains("No returns after 14 days.");
    assertThat(changed.removed()).isEmpty();

    Files.delete(folder.resolve("policies/warranty.html"));
    DocumentIngestor.Report gone = ingestor.ingest(folder);

    assertThat(gone.removed()).containsExactly("policies/warranty.html");
    assertThat(gone.unchanged()).hasSize(3);
    assertThat(store.list(DOCS, MemoryFilter.ANY.withSource("policies/warranty.html"), 100))
        .isEmpty();
    assertThat(search("claim receipt photo of the fault")).doesNotContain("warranty.html");
  }

  @Test
  void anotherFoldersDocumentsInTheScopeAreLeftAlone() throws IOException {
    Path other = dir.resolve("other");
    Files.createDirectories(other);
    Files.writeString(other.resolve("faq.md"), "# FAQ\n\nOpening hours are 9 to 17.\n");
    DocumentIngestor ingestor = new DocumentIngestor(store, DOCS);
    ingestor.ingest(other);

    DocumentIngestor.Report report = ingestor.ingest(folder);

    assertThat(report.removed()).isEmpty();
    assertThat(store.list(DOCS, MemoryFilter.ANY.withSource("faq.md"), 10)).hasSize(1);
  }
}
