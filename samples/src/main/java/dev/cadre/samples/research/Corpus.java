package dev.cadre.samples.research;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cadre.core.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The documents the research sample searches and cites: by default the bundled briefing notes on an
 * invented city ({@code corpus.jsonl} beside this class, one JSON document a line, {@code #}
 * comments).
 */
public final class Corpus {

  private final Map<String, Document> documents = new LinkedHashMap<>();

  /** A corpus of {@code documents}; ids must be unique. */
  public Corpus(List<Document> documents) {
    for (Document document : documents) {
      if (this.documents.putIfAbsent(document.id(), document) != null) {
        throw new IllegalArgumentException(
            "two documents have the id '" + document.id() + "': give each its own");
      }
    }
    if (this.documents.isEmpty()) {
      throw new IllegalArgumentException("a corpus needs at least one document");
    }
  }

  /** The corpus bundled with the sample. */
  public static Corpus bundled() {
    String source = "corpus.jsonl";
    try (InputStream in = Corpus.class.getResourceAsStream(source)) {
      if (in == null) {
        throw new IllegalStateException(
            "the research corpus " + source + " is missing from the class path");
      }
      return read(in, source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads JSON-lines documents; errors name {@code source} and the line. */
  public static Corpus read(InputStream in, String source) throws IOException {
    List<Document> documents = new ArrayList<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    int number = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      number++;
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      try {
        documents.add(Json.read(line, Document.class));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            source
                + " line "
                + number
                + " is not a document {\"id\", \"domain\", \"title\", \"text\"}: "
                + e.getMessage(),
            e);
      }
    }
    return new Corpus(documents);
  }

  /** Every document, in the order they were given. */
  public List<Document> documents() {
    return List.copyOf(documents.values());
  }

  /** The document with this id, if there is one. */
  public Optional<Document> find(String id) {
    return Optional.ofNullable(documents.get(id));
  }

  /** The ids of every document, in order. */
  public List<String> ids() {
    return List.copyOf(documents.keySet());
  }
}
