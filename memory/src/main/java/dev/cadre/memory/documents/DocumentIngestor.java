package dev.cadre.memory.documents;

import dev.cadre.memory.MemoryEntry;
import dev.cadre.memory.MemoryFilter;
import dev.cadre.memory.MemoryStore;
import dev.cadre.memory.Scope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Turns files into searchable memory: each text, Markdown, HTML or PDF file is read ({@link
 * DocumentText}), cut into chunks ({@link Chunker}) and written to a {@link MemoryStore} scope, one
 * entry per chunk, tagged {@value #TAG}, with its source (the file's path from the folder ingested)
 * and position (character offsets, page, heading) as metadata, so {@link DocumentSearch} can cite
 * them.
 *
 * <p>Ingestion is incremental: a file whose content hash matches what was stored is skipped; a
 * changed file's old chunks are replaced; and the chunks of a file that was ingested from the same
 * folder before and is gone now are deleted.
 */
public final class DocumentIngestor {

  /** The tag every chunk carries. */
  public static final String TAG = "document";

  private final MemoryStore store;
  private final Scope scope;
  private final Chunker chunker;

  /** An ingestor writing to {@code scope} of {@code store}, with chunks of {@code chunker}. */
  public DocumentIngestor(MemoryStore store, Scope scope, Chunker chunker) {
    this.store = Objects.requireNonNull(store, "store");
    this.scope = Objects.requireNonNull(scope, "scope");
    this.chunker = Objects.requireNonNull(chunker, "chunker");
  }

  /** An ingestor with chunks of 200 tokens overlapping by 40. */
  public DocumentIngestor(MemoryStore store, Scope scope) {
    this(store, scope, new Chunker(200, 40));
  }

  /**
   * What one {@link #ingest} did.
   *
   * @param ingested sources read and written (new or changed)
   * @param unchanged sources skipped, their content as stored
   * @param removed sources ingested from this folder before whose files are gone, their chunks
   *     deleted
   * @param chunks chunks written
   */
  public record Report(
      List<String> ingested, List<String> unchanged, List<String> removed, int chunks) {}

  /** The most chunks of one scope {@link #ingest} looks through for files that are gone. */
  static final int MAX_LISTED = 1_000_000;

  /**
   * Ingests a file, or every readable file under a folder (in name order); sources are paths from
   * {@code path} itself for a folder, the file name for a file.
   *
   * @throws UncheckedIOException naming the file that could not be read
   */
  public Report ingest(Path path) {
    List<Path> files = new ArrayList<>();
    Path base;
    if (Files.isDirectory(path)) {
      base = path;
      try (Stream<Path> walk = Files.walk(path)) {
        walk.filter(Files::isRegularFile)
            .filter(DocumentText::readable)
            .sorted()
            .forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list documents under " + path, e);
      }
    } else if (Files.isRegularFile(path)) {
      base = path.toAbsolutePath().getParent();
      files.add(path.toAbsolutePath());
    } else {
      throw new UncheckedIOException(new IOException(path + ": no such file or folder to ingest"));
    }
    String root = base.toAbsolutePath().normalize().toString();
    List<String> ingested = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    int chunks = 0;
    for (Path file : files) {
      String source = base.relativize(file).toString().replace('\\', '/');
      int written = ingestFile(file, source, root);
      if (written < 0) {
        unchanged.add(source);
      } else {
        ingested.add(source);
        chunks += written;
      }
    }
    List<String> removed = new ArrayList<>();
    if (Files.isDirectory(path)) {
      removeGone(root, ingested, unchanged, removed);
    }
    return new Report(ingested, unchanged, removed, chunks);
  }

  /** Deletes the chunks of files once ingested from {@code root} that were not found now. */
  private void removeGone(
      String root, List<String> ingested, List<String> unchanged, List<String> removed) {
    for (MemoryEntry first :
        store.list(scope, MemoryFilter.ANY.withTags(List.of(TAG)), MAX_LISTED)) {
      String source = first.source();
      if (!root.equals(first.attributes().get("root"))
          || !first.id().equals(id(source, 0))
          || ingested.contains(source)
          || unchanged.contains(source)) {
        continue;
      }
      deleteChunks(first, source);
      removed.add(source);
    }
  }

  private void deleteChunks(MemoryEntry first, String source) {
    int count = Integer.parseInt(first.attributes().getOrDefault("chunks", "0"));
    for (int i = 0; i < count; i++) {
      store.delete(scope, id(source, i));
    }
  }

  /** The chunks written, or -1 when the stored chunks are of this very content. */
  private int ingestFile(Path file, String source, String root) {
    String hash;
    DocumentText document;
    try {
      hash = sha256(Files.readAllBytes(file));
      MemoryEntry first = store.get(scope, id(source, 0)).orElse(null);
      if (first != null && hash.equals(first.attributes().get("hash"))) {
        return -1;
      }
      document = DocumentText.read(file);
      if (first != null) {
        deleteChunks(first, source);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot ingest " + file + ": " + e.getMessage(), e);
    }
    List<Chunker.Chunk> chunks = chunker.chunks(document);
    List<MemoryEntry> entries = new ArrayList<>();
    for (Chunker.Chunk chunk : chunks) {
      Map<String, String> position = new LinkedHashMap<>();
      position.put("start", Integer.toString(chunk.start()));
      position.put("end", Integer.toString(chunk.end()));
      if (chunk.page() > 0) {
        position.put("page", Integer.toString(chunk.page()));
      }
      position.put("heading", chunk.heading());
      position.put("hash", hash);
      position.put("chunks", Integer.toString(chunks.size()));
      position.put("root", root);
      // The heading path leads the text, so a chunk is found by its section's title too.
      String text =
          chunk.heading().isEmpty() ? chunk.text() : chunk.heading() + "\n\n" + chunk.text();
      entries.add(
          MemoryEntry.builder(scope, text)
              .id(id(source, chunk.index()))
              .source(source)
              .tags(List.of(TAG))
              .attributes(position)
              .build());
    }
    store.putAll(entries);
    return entries.size();
  }

  static String id(String source, int index) {
    return "doc:" + source + "#" + index;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
