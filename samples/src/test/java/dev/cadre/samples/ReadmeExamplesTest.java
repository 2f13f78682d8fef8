package dev.cadre.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Java block of the README and of {@code docs/} marked {@code <!-- source: path -->} is
 * that file word for word: the whole file after its package line, or the regions between {@code
 * // README:begin} and {@code // README:end}, each taken out of its indentation and joined by a
 * blank line. So the pages show only code that compiles, and the tests of these files run it.
 */
class ReadmeExamplesTest {

  private static final Path ROOT = Path.of("..");
  private static final Pattern BLOCK =
      Pattern.compile("<!-- source: (\\S+) -->\n```java\n(.*?)```", Pattern.DOTALL);
  private static final Pattern REGION =
      Pattern.compile("// README:begin\n(.*?)\n[ \t]*// README:end", Pattern.DOTALL);

  // The pages, in the order they are read; the README links the others.
  private static final List<String> PAGES =
      List.of(
          "README.md",
          "docs/teams.md",
          "docs/annotations.md",
          "docs/durable-runs.md",
          "docs/distributed.md",
          "docs/observability.md",
          "docs/testing.md",
          "docs/mcp.md");

  @Test
  void everyMarkedBlockIsItsSource() throws IOException {
    List<String> checked = new ArrayList<>();
    for (String page : PAGES) {
      Matcher blocks = BLOCK.matcher(Files.readString(ROOT.resolve(page)));
      while (blocks.find()) {
        String path = blocks.group(1);
        assertThat(blocks.group(2))
            .as(page + ": " + path)
            .isEqualTo(shown(Files.readString(ROOT.resolve(path))));
        checked.add(path);
      }
    }
    assertThat(checked)
        .containsExactly(
            "samples/src/main/java/dev/cadre/samples/readme/WeatherTools.java",
            "samples/src/main/java/dev/cadre/samples/readme/Forecaster.java",
            "samples/src/main/java/dev/cadre/samples/readme/Quickstart.java",
            "mcp/src/test/java/dev/cadre/mcp/ReadmeMcpTest.java",
            "mcp/src/test/java/dev/cadre/mcp/McpOAuthTest.java",
            "samples/src/main/java/dev/cadre/samples/readme/ModelChoices.java",
            "samples/src/main/java/dev/cadre/samples/readme/WeatherBot.java",
            "samples/src/main/java/dev/cadre/samples/FeatureTeam.java",
            "samples/src/main/java/dev/cadre/samples/readme/ContinuedConversation.java",
            "samples/src/main/java/dev/cadre/samples/annotated/Writer.java",
            "samples/src/main/java/dev/cadre/samples/annotated/ReviewFlow.java",
            "samples/src/main/java/dev/cadre/samples/readme/DurableRuns.java",
            "samples/src/main/java/dev/cadre/samples/readme/LoggedRun.java",
            "test/src/test/java/dev/cadre/test/WeatherBotTest.java",
            "test/src/test/java/dev/cadre/test/ReadmeAssertionsTest.java",
            "test/src/test/java/dev/cadre/test/ReadmeFakesTest.java",
            "test/src/test/java/dev/cadre/test/ReadmeEvaluationTest.java");
  }

  private static String shown(String source) {
    Matcher regions = REGION.matcher(source);
    List<String> parts = new ArrayList<>();
    while (regions.find()) {
      parts.add(regions.group(1).stripIndent());
    }
    if (parts.isEmpty()) {
      return source.substring(source.indexOf("\n\n") + 2);
    }
    return String.join("\n\n", parts) + "\n";
  }
}
