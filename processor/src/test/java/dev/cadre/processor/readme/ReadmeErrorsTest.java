package dev.cadre.processor.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.processor.CadreProcessor;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiler errors the docs show ({@code docs/annotations.md}) are the ones javac really prints for {@code
 * readme/Desk.java} with the processor: the same text, broken over the same lines, around the same
 * source line and caret.
 */
class ReadmeErrorsTest {

  private static final Path DESK = Path.of("src/test/resources/readme/Desk.java");
  // The page's block of compiler output, and each error in it.
  private static final Pattern BLOCK =
      Pattern.compile("```\n(Desk\\.java:\\d+: error: .*?)```", Pattern.DOTALL);
  private static final Pattern ERROR =
      Pattern.compile(
          "^Desk\\.java:\\d+: error: .*?(?=^Desk\\.java:|\\z)", Pattern.MULTILINE | Pattern.DOTALL);

  @Test
  void theReadmesErrorsAreWhatJavacPrints(@TempDir Path classes) throws IOException {
    String page = Files.readString(Path.of("..", "docs", "annotations.md"));
    Matcher block = BLOCK.matcher(page);
    assertThat(block.find()).as("the block of compiler errors in docs/annotations.md").isTrue();

    String printed = javac(classes);

    Matcher errors = ERROR.matcher(block.group(1));
    List<String> shown = new ArrayList<>();
    while (errors.find()) {
      shown.add(errors.group());
    }
    assertThat(shown).hasSize(2);
    for (String error : shown) {
      assertThat(printed).contains(error);
    }
  }

  /** What javac prints compiling {@code Desk.java} with the processor, paths cut to file names. */
  private static String javac(Path classes) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    StringWriter out = new StringWriter();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(null, Locale.ROOT, null)) {
      JavaCompiler.CompilationTask task =
          compiler.getTask(
              out,
              files,
              null,
              List.of("-proc:only", "-d", classes.toString()),
              null,
              files.getJavaFileObjects(DESK));
      task.setProcessors(List.of(new CadreProcessor()));
      task.setLocale(Locale.ROOT);
      assertThat(task.call()).isFalse();
    }
    return out.toString().replace(DESK.getParent() + java.io.File.separator, "");
  }
}
