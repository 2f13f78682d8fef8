package dev.cadre.memory.documents;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a {@link DocumentText} into chunks of at most {@code size} tokens, each sharing {@code
 * overlap} tokens with the one before, so a sentence cut at a boundary is whole in one of them.
 * Chunks never cross a heading or a page break: each lies in one section (and page) and carries its
 * heading path.
 *
 * <p>A token here is a run of non-blank characters: a word with its punctuation. That is close to
 * what models count for English prose (a model token is about three quarters of a word), needs no
 * tokenizer file, and is the same for every model; size chunks with that margin in mind.
 *
 * @param size the most tokens in a chunk
 * @param overlap tokens each chunk repeats from the one before; less than {@code size}
 */
public record Chunker(int size, int overlap) {

  private static final Pattern TOKEN = Pattern.compile("\\S+");

  /** One piece of a document, with where it is. */
  public record Chunk(int index, int start, int end, int page, String heading, String text) {}

  public Chunker {
    if (size < 1) {
      throw new IllegalArgumentException("chunk size must be at least 1 token, was " + size);
    }
    if (overlap < 0 || overlap >= size) {
      throw new IllegalArgumentException(
          "chunk overlap must be from 0 to size - 1 (" + (size - 1) + "), was " + overlap);
    }
  }

  /** The chunks of {@code document}, in order. */
  public List<Chunk> chunks(DocumentText document) {
    String text = document.text();
    List<Integer> bounds = new ArrayList<>();
    bounds.add(0);
    for (DocumentText.Section section : document.sections()) {
      bounds.add(section.start());
    }
    bounds.addAll(document.pageStarts());
    bounds.add(text.length());
    bounds = bounds.stream().distinct().sorted().toList();
    List<Chunk> chunks = new ArrayList<>();
    for (int s = 0; s + 1 < bounds.size(); s++) {
      List<int[]> tokens = new ArrayList<>();
      Matcher m = TOKEN.matcher(text).region(bounds.get(s), bounds.get(s + 1));
      while (m.find()) {
        tokens.add(new int[] {m.start(), m.end()});
      }
      for (int first = 0; first < tokens.size(); first += size - overlap) {
        int last = Math.min(first + size, tokens.size()) - 1;
        int start = tokens.get(first)[0];
        int end = tokens.get(last)[1];
        chunks.add(
            new Chunk(
                chunks.size(),
                start,
                end,
                document.pageAt(start),
                document.headingAt(start),
                text.substring(start, end)));
        if (last == tokens.size() - 1) {
          break;
        }
      }
    }
    return chunks;
  }
}
