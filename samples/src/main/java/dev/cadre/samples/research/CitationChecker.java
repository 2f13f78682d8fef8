package dev.cadre.samples.research;

import dev.cadre.annotations.Param;
import dev.cadre.annotations.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reviewer's tool: checks every citation of a text against the corpus.
 *
 * <p>The rule. A citation is a document id in square brackets, such as {@code [econ-04]} (letters,
 * a hyphen, digits; other bracketed text is not a citation). Each citation must:
 *
 * <ol>
 *   <li>name a document of the corpus, and
 *   <li>come right after the quoted words it supports, {@code "raise about 18 million euros a
 *       year" [econ-04]}: no word may stand between them (spaces, punctuation and other
 *       citations of the same words may); and
 *   <li>cite a document that contains those words: compared without regard to case, runs of
 *       spaces, or punctuation at the ends of the quote.
 * </ol>
 *
 * A text with no citation at all fails too. Straight and curly double quotes both count.
 */
public final class CitationChecker {

  // A quote (straight or curly) or a citation, scanned left to right.
  private static final Pattern TOKEN =
      Pattern.compile(
          "\"([^\"\\n]+)\"|\u201C([^\u201D\\n]+)\u201D|\\[([A-Za-z][A-Za-z0-9]*-[0-9]+)\\]");
  private static final Pattern WORD_CHARACTER = Pattern.compile("[\\p{L}\\p{N}]");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern EDGE_PUNCTUATION =
      Pattern.compile("^[\\p{Punct}\\s]+|[\\p{Punct}\\s]+$");

  private final Corpus corpus;

  /**
   * The check against the bundled corpus, for team specs (see {@link CorpusSearch#CorpusSearch()}).
   */
  public CitationChecker() {
    this(Corpus.bundled());
  }

  /** The check against {@code corpus}. */
  public CitationChecker(Corpus corpus) {
    this.corpus = corpus;
  }

  /**
   * What the check found.
   *
   * @param passed whether every citation holds and there is at least one
   * @param citations how many citations the text has
   * @param problems one line per failed citation, naming it and saying how to fix it
   */
  public record CitationReport(boolean passed, int citations, List<String> problems) {
    public CitationReport {
      problems = List.copyOf(problems);
    }
  }

  @Tool(
      "Checks every [doc-id] citation of a text: the document must exist and must contain the"
          + " \"quoted words\" written right before the citation. Returns passed, the number of"
          + " citations and one problem per bad citation")
  public CitationReport checkCitations(
      @Param("The full text to check, exactly as written, citations included") String text) {
    if (text == null) {
      throw new IllegalArgumentException("text is missing: pass the full text to check");
    }
    List<String> problems = new ArrayList<>();
    int citations = 0;
    String quote = null;
    int afterToken = 0;
    Matcher token = TOKEN.matcher(text);
    while (token.find()) {
      String quoted = token.group(1) != null ? token.group(1) : token.group(2);
      if (quoted != null) {
        quote = quoted;
      } else {
        citations++;
        boolean adjacent =
            quote != null
                && !WORD_CHARACTER.matcher(text.substring(afterToken, token.start())).find();
        String problem = check(token.group(3), adjacent ? quote : null);
        if (problem != null) {
          problems.add(problem);
        }
        if (!adjacent) {
          quote = null;
        }
      }
      afterToken = token.end();
    }
    if (citations == 0) {
      problems.add(
          "the text cites no document: support each claim with \"quoted words\" [doc-id]");
    }
    return new CitationReport(problems.isEmpty(), citations, problems);
  }

  private String check(String id, String quote) {
    String citation = "[" + id + "]";
    Optional<Document> document = corpus.find(id);
    if (document.isEmpty()) {
      return citation
          + " names no document of the corpus: cite an id that searchCorpus returned";
    }
    if (quote == null) {
      return citation
          + " follows no quoted words: put the words it supports in double quotes right before it";
    }
    String wanted = normalise(EDGE_PUNCTUATION.matcher(quote).replaceAll(""));
    if (wanted.isEmpty() || !normalise(document.get().text()).contains(wanted)) {
      return citation
          + " does not contain \""
          + quote
          + "\": cite the document these words come from, or quote "
          + id
          + " exactly";
    }
    return null;
  }

  private static String normalise(String text) {
    return SPACES.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
  }
}
