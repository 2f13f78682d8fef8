package dev.cadre.code;

import dev.cadre.core.CancellationToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * An executor's working directory: where a block's source file is written, which files a block
 * created, and its deletion when the executor made it.
 */
final class Workspace {

  /** The most files looked at when finding what a block created: a block may write millions. */
  private static final int MAX_FILES = 10_000;

  private final Path directory;
  private final boolean temporary;

  private Workspace(Path directory, boolean temporary) {
    this.directory = directory;
    this.temporary = temporary;
  }

  /** {@code directory}, made if missing, or a new temporary directory when it is null. */
  static Workspace of(Path directory) {
    try {
      if (directory == null) {
        return new Workspace(Files.createTempDirectory("cadre-code-").toRealPath(), true);
      }
      Files.createDirectories(directory);
      return new Workspace(directory.toRealPath(), false);
    } catch (IOException e) {
      throw new CodeExecutionException(
          "cannot use working directory " + directory + ": " + e.getMessage(), e);
    }
  }

  Path directory() {
    return directory;
  }

  /**
   * Writes the block to a file named after its content's hash (so the same code is the same file,
   * as AutoGen names them) and returns the file's name.
   */
  private String writeSource(CodeBlock block) {
    String name = "cadre_code_" + hash(block.code()) + "." + block.language().extension();
    try {
      Files.writeString(directory.resolve(name), block.code(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CodeExecutionException(
          "cannot write the block's source to " + directory.resolve(name) + ": " + e.getMessage(),
          e);
    }
    return name;
  }

  /**
   * Writes {@code block} to its file, runs the command {@code command} makes of the file's name
   * (see {@link ProcessRun#run}), and reports what it gave with the files it created.
   */
  CodeResult run(
      CodeBlock block,
      Function<String, List<String>> command,
      Map<String, String> environment,
      CodeLimits limits,
      CancellationToken cancellation,
      Runnable extraKill,
      boolean groupLeader) {
    String file = writeSource(block);
    Map<String, String> before = snapshot();
    ProcessRun.Outcome outcome =
        ProcessRun.run(
            command.apply(file),
            environment,
            directory,
            limits,
            cancellation,
            extraKill,
            groupLeader);
    return new CodeResult(
        outcome.exitCode(),
        outcome.stdout(),
        outcome.stderr(),
        created(before, snapshot(), file),
        outcome.timedOut(),
        outcome.outputCut(),
        outcome.elapsed());
  }

  /** The files under the directory now, each with its size and modification time. */
  private Map<String, String> snapshot() {
    Map<String, String> files = new HashMap<>();
    try {
      Files.walkFileTree(
          directory,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
              if (files.size() >= MAX_FILES) {
                return FileVisitResult.TERMINATE;
              }
              files.put(
                  directory.relativize(file).toString(),
                  attributes.size() + "@" + attributes.lastModifiedTime().toMillis());
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** The files of {@code after} that {@code before} lacks or had otherwise, in name order. */
  private static List<String> created(
      Map<String, String> before, Map<String, String> after, String own) {
    List<String> created = new ArrayList<>();
    after.forEach(
        (file, stamp) -> {
          if (!file.equals(own) && !Objects.equals(before.get(file), stamp)) {
            created.add(file);
          }
        });
    created.sort(null);
    return created;
  }

  /** Deletes the directory and everything in it, if it was made for the executor. */
  void close() {
    if (!temporary || !Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(Workspace::delete);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete working directory " + directory, e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }

  private static String hash(String code) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Whether this process runs as root. */
  static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException | ClassCastException e) {
      return false;
    }
  }

  /** Gives the directory to {@code uid}, which code runs as and which must write there. */
  void handOver(int uid) {
    try {
      Files.setAttribute(directory, "unix:uid", uid);
      Files.setAttribute(directory, "unix:gid", uid);
    } catch (IOException | UnsupportedOperationException e) {
      throw new CodeExecutionException(
          "cannot give working directory "
              + directory
              + " to uid "
              + uid
              + ", which code runs as under root: "
              + e.getMessage(),
          e);
    }
  }

  /** Where {@code program} is on {@code path} (a PATH value), or null. */
  static Path which(String program, String path) {
    if (program.contains("/")) {
      Path direct = Path.of(program);
      return Files.isExecutable(direct) ? direct : null;
    }
    for (String dir : (path == null ? "" : path).split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
