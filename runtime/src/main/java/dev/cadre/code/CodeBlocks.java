package dev.cadre.code;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the fenced code blocks in what a model wrote, as AutoGen's code executor agent does: a
 * block opens with three backticks and a language tag on a line of its own, and ends at the next
 * three backticks. Blocks in other languages, and blocks without a tag, are not code to run.
 */
public final class CodeBlocks {

  /** The tags of every language there is, longest first so that "python3" is not read as "py". */
  private static final String TAGS = "python3|python|py|bash|shell|sh|java";

  private static final Pattern FENCE =
      Pattern.compile(
          "```[ \\t]*(" + TAGS + ")[ \\t]*\\r?\\n(.*?)```",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private CodeBlocks() {}

  /** What {@link #find} found: the blocks, and how many more there were than it keeps. */
  public record Found(List<CodeBlock> blocks, boolean tooMany) {
    /** Copies the blocks. */
    public Found {
      blocks = List.copyOf(blocks);
    }
  }

  /**
   * The blocks of {@code markdown} in {@code languages}, in order, at most {@code max} of them.
   *
   * @throws IllegalArgumentException when a block is over {@link CodeBlock#MAX_BYTES}, naming it
   */
  public static Found find(String markdown, Set<CodeLanguage> languages, int max) {
    List<CodeBlock> blocks = new ArrayList<>();
    Matcher matcher = FENCE.matcher(markdown);
    while (matcher.find()) {
      CodeLanguage language = CodeLanguage.fromTag(matcher.group(1)).orElseThrow();
      if (!languages.contains(language)) {
        continue;
      }
      if (blocks.size() == max) {
        return new Found(blocks, true);
      }
      blocks.add(new CodeBlock(language, matcher.group(2)));
    }
    return new Found(blocks, false);
  }
}
