package dev.cadre.processor.readme;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.cadre.processor.CadreProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The compiler errors the README shows are the ones the processor really prints for {@code
 * readme/Desk.java}, on the lines the README says.
 */
class ReadmeErrorsTest {

  private static final Pattern ERROR = Pattern.compile("^Desk\\.java:(\\d+): error: (.*)$", Pattern.MULTILINE);

  @Test
  void theReadmesErrorsAreRealOnes() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    String source = Files.readString(Path.of("src/test/resources/readme/Desk.java"));
    JavaFileObject desk = JavaFileObjects.forSourceString("com.acme.Desk", source);

    Compilation compilation = Compiler.javac().withProcessors(new CadreProcessor()).compile(desk);

    Matcher errors = ERROR.matcher(readme);
    List<String> shown = new ArrayList<>();
    while (errors.find()) {
      int line = Integer.parseInt(errors.group(1));
      String message = errors.group(2);
      String lineText = source.lines().skip(line - 1).findFirst().orElseThrow().strip();
      assertThat(compilation).hadErrorContaining(message).inFile(desk).onLineContaining(lineText);
      shown.add(message);
    }
    assertThat(shown).hasSize(2);
  }
}
