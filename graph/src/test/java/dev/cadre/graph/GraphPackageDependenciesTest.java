package dev.cadre.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The annotation processor carries this module inside its own jar, so its main sources may use
 * nothing outside {@code java.*} and the package itself.
 */
class GraphPackageDependenciesTest {

  private static final Path SOURCES = Path.of("src/main/java/dev/cadre/graph");
  private static final Pattern IMPORT =
      Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
  // Fully qualified use of another Cadre package would slip past the import check.
  private static final Pattern QUALIFIED =
      Pattern.compile("\\bdev\\.cadre\\.(?!graph\\b)\\w+");

  @Test
  void mainSourcesImportOnlyJavaAndThisPackage() throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(SOURCES)) {
      files = listing.filter(file -> file.toString().endsWith(".java")).sorted().toList();
    }
    assertThat(files).as("sources under %s", SOURCES.toAbsolutePath()).hasSizeGreaterThan(5);

    List<String> offending = new ArrayList<>();
    for (Path file : files) {
      String source = Files.readString(file);
      Matcher imports = IMPORT.matcher(source);
      while (imports.find()) {
        String imported = imports.group(1);
        if (!imported.startsWith("java.") && !imported.startsWith("dev.cadre.graph.")) {
          offending.add(file.getFileName() + " imports " + imported);
        }
      }
      Matcher qualified = QUALIFIED.matcher(source);
      while (qualified.find()) {
        offending.add(file.getFileName() + " refers to " + qualified.group());
      }
    }
    assertThat(offending).isEmpty();
  }
}
