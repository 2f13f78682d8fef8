package dev.cadre.model.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import dev.cadre.memory.EmbeddingModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An {@link EmbeddingModel} for tests and offline runs that answers recorded vectors by input text,
 * so a test of retrieval sees the vectors a real model once gave without calling it.
 *
 * <p>Recordings are JSON lines, {@code {"input": "...", "embedding": [0.1, ...]}}, one a line;
 * {@link #record} writes them from a live model. An input with no recording fails at once, naming
 * the input, rather than inventing a vector that would make a test pass for the wrong reason.
 */
public final class ReplayEmbeddingModel implements EmbeddingModel {

  private final String name;
  private final Map<String, float[]> vectors;
  private final int dimensions;

  private ReplayEmbeddingModel(String name, Map<String, float[]> vectors) {
    this.name = name;
    this.vectors = vectors;
    int length = -1;
    for (Map.Entry<String, float[]> entry : vectors.entrySet()) {
      float[] vector = Objects.requireNonNull(entry.getValue(), "vector");
      if (vector.length == 0 || (length >= 0 && vector.length != length)) {
        throw new IllegalArgumentException(
            name
                + ": the vector recorded for '"
                + excerpt(entry.getKey())
                + "' has "
                + vector.length
                + " entries; every recorded vector needs the same, non-zero length"
                + (length >= 0 ? " (" + length + ")" : ""));
      }
      length = vector.length;
    }
    this.dimensions = length;
  }

  /** A model answering each key of {@code vectors} with its value (copied). */
  public static ReplayEmbeddingModel of(Map<String, float[]> vectors) {
    Map<String, float[]> copy = new LinkedHashMap<>();
    vectors.forEach((input, vector) -> copy.put(input, vector.clone()));
    return new ReplayEmbeddingModel("replay-embeddings", copy);
  }

  /**
   * Reads a recording written by {@link #record}; a bad line fails naming the file and the line.
   */
  public static ReplayEmbeddingModel fromJsonLines(Path file) throws IOException {
    Map<String, float[]> vectors = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + " line " + (i + 1);
      JsonNode node;
      try {
        node = Json.parse(line);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(where + ": not JSON (" + e.getOriginalMessage() + ")");
      }
      if (!node.path("input").isTextual() || !node.path("embedding").isArray()) {
        throw new IllegalArgumentException(
            where + ": needs {\"input\": text, \"embedding\": [numbers]}");
      }
      JsonNode embedding = node.path("embedding");
      float[] vector = new float[embedding.size()];
      for (int j = 0; j < vector.length; j++) {
        if (!embedding.get(j).isNumber()) {
          throw new IllegalArgumentException(where + ": embedding[" + j + "] is not a number");
        }
        vector[j] = (float) embedding.get(j).asDouble();
      }
      vectors.put(node.path("input").asText(), vector);
    }
    try {
      return new ReplayEmbeddingModel("replay-embeddings(" + file.getFileName() + ")", vectors);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Embeds {@code inputs} with {@code live} and writes them to {@code file} as a recording {@link
   * #fromJsonLines} reads, replacing what it held.
   */
  public static void record(EmbeddingModel live, List<String> inputs, Path file) {
    List<float[]> vectors = live.embedAll(inputs);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < inputs.size(); i++) {
      ObjectNode line = Json.object();
      line.put("input", inputs.get(i));
      ArrayNode embedding = line.putArray("embedding");
      for (float value : vectors.get(i)) {
        embedding.add(value);
      }
      out.append(Json.write(line)).append('\n');
    }
    try {
      Files.writeString(file, out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write embedding recording " + file, e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  /** The length of every recorded vector; -1 when nothing is recorded. */
  public int dimensions() {
    return dimensions;
  }

  /**
   * The recorded vector for {@code text}.
   *
   * @throws IllegalArgumentException when {@code text} was never recorded, naming it
   */
  @Override
  public float[] embed(String text) {
    float[] vector = vectors.get(text);
    if (vector == null) {
      throw new IllegalArgumentException(
          name
              + " has no vector recorded for input '"
              + excerpt(text)
              + "' ("
              + vectors.size()
              + " inputs recorded); record it with ReplayEmbeddingModel.record");
    }
    return vector.clone();
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    texts.forEach(text -> out.add(embed(text)));
    return out;
  }

  private static String excerpt(String text) {
    return text == null ? "null" : text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }

  @Override
  public String toString() {
    return "ReplayEmbeddingModel[" + vectors.size() + " inputs]";
  }
}
