package dev.cadre.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The telemetry and event package sits below agents and teams, which use it: an import of {@code
 * dev.cadre.agent} or {@code dev.cadre.team} from it would run back up inside the runtime
 * (presentation, which needs both, lives in the module cadre-present).
 */
class EventPackageLayerTest {

  private static final Path SOURCES = Path.of("src", "main", "java", "dev", "cadre", "event");
  private static final Pattern UPWARD =
      Pattern.compile("^import\\s+(static\\s+)?dev\\.cadre\\.(agent|team)\\b.*");

  @Test
  void noClassOfTheEventPackageImportsAgentsOrTeams() throws IOException {
    List<String> upward = new ArrayList<>();
    List<Path> sources;
    try (Stream<Path> files = Files.list(SOURCES)) {
      sources = files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
    }
    for (Path source : sources) {
      List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        // A fully qualified use would be as much a dependency as an import.
        if (UPWARD.matcher(line).matches()
            || (!line.startsWith("*")
                && !line.startsWith("//")
                && line.matches(".*\\bdev\\.cadre\\.(agent|team)\\.[A-Z].*"))) {
          upward.add(source.getFileName() + ":" + (i + 1) + ": " + line);
        }
      }
    }

    assertThat(sources).isNotEmpty();
    assertThat(upward).as("imports from dev.cadre.event up to agents or teams").isEmpty();
  }
}
