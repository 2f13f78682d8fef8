package dev.cadre.code;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What /proc says is running, for the tests that check a block leaves no process behind. */
final class Processes {

  private Processes() {}

  /** The command lines (arguments joined by spaces) of every process that contains {@code text}. */
  static List<String> withCommandLineContaining(String text) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        if (!entry.getFileName().toString().chars().allMatch(Character::isDigit)) {
          continue;
        }
        byte[] cmdline;
        try {
          cmdline = Files.readAllBytes(entry.resolve("cmdline"));
        } catch (IOException gone) {
          continue;
        }
        String line = new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ').strip();
        if (line.contains(text)) {
          found.add(entry.getFileName() + ": " + line);
        }
      }
    }
    return found;
  }
}
