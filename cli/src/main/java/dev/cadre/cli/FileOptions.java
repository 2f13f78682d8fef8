package dev.cadre.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Checks of the options that name a file the command writes ({@code --store}, {@code --trace}),
 * made before the run starts: a bad path must stop the command at once with the option's name, not
 * after the whole run, and must not make directories nobody asked for.
 */
final class FileOptions {

  /** What every SQLite database file begins with. */
  private static final byte[] SQLITE_HEADER =
      "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private FileOptions() {}

  /**
   * What is wrong with {@code value} as the file of {@code option}, as one line naming the option
   * and the path; null when the command can create or write the file.
   *
   * @param example a file name to suggest when {@code value} is a directory
   * @param database whether an existing file must be an SQLite database (an empty one becomes one)
   */
  static String problem(String option, String value, String example, boolean database) {
    String prefix = option + " " + value + ": ";
    Path file;
    try {
      file = Path.of(value);
    } catch (InvalidPathException e) {
      return prefix + "is not a valid path: " + e.getReason();
    }
    if (Files.isDirectory(file)) {
      return prefix + "is a directory; give a file in it, such as " + file.resolve(example);
    }
    // The directory as the user wrote it, or the working directory for a bare file name.
    Path directory =
        file.getParent() != null ? file.getParent() : file.toAbsolutePath().getParent();
    if (directory != null) {
      if (!Files.exists(directory)) {
        return prefix + "the directory " + directory + " does not exist";
      }
      if (!Files.isDirectory(directory)) {
        return prefix + directory + " is not a directory";
      }
      // SQLite also writes its journal files beside the database.
      if (!Files.isWritable(directory)) {
        return prefix + "the directory " + directory + " is not writable";
      }
    }
    if (!Files.exists(file)) {
      return null;
    }
    if (!Files.isRegularFile(file)) {
      return prefix + "is not a regular file";
    }
    if (!Files.isReadable(file) || !Files.isWritable(file)) {
      return prefix + "cannot be both read and written";
    }
    if (database) {
      try {
        if (!emptyOrSqlite(file)) {
          return prefix
              + "is not an SQLite database (it does not begin with SQLite's header); give"
              + " another file";
        }
      } catch (IOException e) {
        return prefix + "cannot be read: " + e.getMessage();
      }
    }
    return null;
  }

  private static boolean emptyOrSqlite(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] start = in.readNBytes(SQLITE_HEADER.length);
      return start.length == 0 || Arrays.equals(start, SQLITE_HEADER);
    }
  }
}
