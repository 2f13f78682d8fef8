package dev.cadre.memory.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkerTest {

  @Test
  void chunksOverlapByTheGivenTokensAndCarryTheirOffsets() {
    String text = "one two three four five six seven eight nine ten";
    DocumentText document = new DocumentText(text, List.of(), List.of());

    List<Chunker.Chunk> chunks = new Chunker(4, 1).chunks(document);

    assertThat(chunks)
        .extracting(Chunker.Chunk::text)
        .containsExactly("one two three four", "four five six seven", "seven eight nine ten");
    for (Chunker.Chunk chunk : chunks) {
      assertThat(text.substring(chunk.start(), chunk.end())).isEqualTo(chunk.text());
    }
  }

  @Test
  void chunksNeverCrossAHeadingAndKeepItsPath() {
    String md = "# Guide\nintro words here\n## Refunds\nmoney back in five days\n# Other\nend";
    List<Chunker.Chunk> chunks = new Chunker(50, 5).chunks(DocumentText.markdown(md));

    assertThat(chunks)
        .extracting(Chunker.Chunk::heading)
        .containsExactly("Guide", "Guide > Refunds", "Other");
    assertThat(chunks.get(1).text()).isEqualTo("## Refunds\nmoney back in five days");
  }

  @Test
  void badSizesAreRefused() {
    assertThatThrownBy(() -> new Chunker(10, 10)).hasMessageContaining("overlap");
    assertThatThrownBy(() -> new Chunker(0, 0)).hasMessageContaining("size");
  }

  @Test
  void htmlLosesItsTagsAndKeepsItsHeadings() {
    DocumentText html =
        DocumentText.html(
            "<html><head><style>x{}</style></head><body><h1>Top</h1><p>A &amp; B</p>"
                + "<h2>Sub</h2><p>C</p></body></html>");

    assertThat(html.text()).contains("A & B").doesNotContain("<").doesNotContain("x{}");
    assertThat(html.headingAt(html.text().indexOf("C"))).isEqualTo("Top > Sub");
  }
}
