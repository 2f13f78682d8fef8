package dev.cadre.spec;

import dev.cadre.memory.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an agent's {@code memory}: its store, its embeddings and the scopes it writes and reads.
 */
final class MemoryReader {

  private static final Set<String> KEYS =
      Set.of("store", "embeddings", "name", "writes", "reads", "limit", "extract");
  private static final Set<String> STORE_KEYS = Set.of("kind", "path", "pathEnv");
  private static final Set<String> EMBEDDINGS_KEYS =
      Set.of("provider", "name", "dimensions", "baseUrl", "apiKeyEnv", "apiKey");
  private static final Set<String> STORE_KINDS = Set.of("lucene");
  private static final Set<String> EMBEDDING_PROVIDERS =
      Set.of("hashing", "openai", "azure", "ollama");

  private final TreeReader tree;

  MemoryReader(TreeReader tree) {
    this.tree = tree;
  }

  /** The memory {@code node} describes; null when none or unreadable. */
  MemoryDef read(Node node) {
    if (node == null || node.kind == Node.Kind.NULL) {
      return null;
    }
    Map<String, Node> fields = tree.map(node, KEYS);
    if (fields == null) {
      return null;
    }
    MemoryDef.StoreDef store = store(tree.required(node, fields, "store"));
    MemoryDef.EmbeddingsDef embeddings = embeddings(tree.required(node, fields, "embeddings"));
    String writes = scope(tree.required(node, fields, "writes"));
    List<String> reads = new ArrayList<>();
    for (Node item : tree.list(fields.get("reads"))) {
      String read = scope(item);
      if (read != null) {
        reads.add(read);
      }
    }
    Node extract = fields.get("extract");
    boolean extracting = false;
    if (extract != null && extract.kind != Node.Kind.NULL) {
      if (extract.kind == Node.Kind.BOOLEAN) {
        extracting = Boolean.parseBoolean(extract.text);
      } else {
        tree.wrongType(extract, "true or false");
      }
    }
    return new MemoryDef(
        store,
        embeddings,
        tree.optionalText(fields, "name"),
        writes,
        reads,
        tree.positive(fields.get("limit")),
        extracting,
        node.where);
  }

  private MemoryDef.StoreDef store(Node node) {
    if (node == null) {
      return null;
    }
    Map<String, Node> fields = tree.map(node, STORE_KEYS);
    if (fields == null) {
      return null;
    }
    String kind =
        tree.oneOf(node, fields, "kind", STORE_KINDS, "an on-disk Lucene index in a folder");
    String path = tree.optionalText(fields, "path");
    String pathEnv = tree.optionalText(fields, "pathEnv");
    if (path == null && pathEnv == null) {
      tree.error(
          "Cadre/SpecMissing",
          node,
          Node.join(node.path, "path")
              + " is missing here: give the store's folder (relative to the spec), or pathEnv,"
              + " the environment variable that names it");
    }
    return new MemoryDef.StoreDef(kind, path, pathEnv, node.where);
  }

  private MemoryDef.EmbeddingsDef embeddings(Node node) {
    if (node == null) {
      return null;
    }
    Map<String, Node> fields = tree.map(node, EMBEDDINGS_KEYS);
    if (fields == null) {
      return null;
    }
    tree.noKeyWritten(node, fields, "the provider's variable");
    String provider =
        tree.oneOf(
            node, fields, "provider", EMBEDDING_PROVIDERS, "hashing works offline, with no model");
    String name = tree.optionalText(fields, "name");
    if (provider != null && !provider.equals("hashing") && name == null) {
      tree.error(
          "Cadre/SpecMissing",
          node,
          Node.join(node.path, "name")
              + " is missing here: name the "
              + provider
              + " embedding model, such as text-embedding-3-small");
    }
    return new MemoryDef.EmbeddingsDef(
        provider,
        name,
        tree.positive(fields.get("dimensions")),
        tree.optionalText(fields, "baseUrl"),
        tree.optionalText(fields, "apiKeyEnv"),
        node.where);
  }

  /** A scope written as {@code kind:id}, checked; null (reported) when it is not one. */
  private String scope(Node node) {
    if (node == null) {
      return null;
    }
    String text = tree.text(node);
    if (text == null) {
      return null;
    }
    try {
      return Scope.parse(text).key();
    } catch (IllegalArgumentException e) {
      tree.error(
          "Cadre/SpecValue",
          node,
          node.path + ": " + e.getMessage() + " (user:alice, agent:support, team:desk)");
      return null;
    }
  }
}
