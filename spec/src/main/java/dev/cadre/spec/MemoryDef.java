package dev.cadre.spec;

import java.util.List;

/**
 * An agent's memory in a spec: the store its memories live in, the scope it writes and the scopes
 * it recalls from before each model call, and whether the memory extractor keeps the durable facts
 * of each turn. An agent with a memory may also name the {@code remember} and {@code recall} tools,
 * which work on the same store and scopes.
 *
 * @param store where the memories are kept
 * @param embeddings how texts become vectors for the store's search
 * @param name the memory's name, as events and traces show it, or null for the agent's name
 * @param writes the scope written to, such as {@code user:alice}
 * @param reads the scopes recalled from, such as {@code [user:alice, team:support]}; empty for
 *     {@code writes} alone
 * @param limit the most memories recalled for one model call, or null for the runtime's default
 * @param extract whether the memory extractor runs after each turn, on the agent's model
 * @param where where it is written, or null
 */
public record MemoryDef(
    StoreDef store,
    EmbeddingsDef embeddings,
    String name,
    String writes,
    List<String> reads,
    Integer limit,
    boolean extract,
    SpecLocation where) {

  public MemoryDef {
    reads = List.copyOf(reads);
  }

  /**
   * A memory store.
   *
   * @param kind {@code lucene}: an on-disk Lucene index in a folder
   * @param path the folder, relative to the spec file
   * @param pathEnv an environment variable that, when set, names the folder instead
   * @param where where it is written, or null
   */
  public record StoreDef(String kind, String path, String pathEnv, SpecLocation where) {}

  /**
   * An embedding model.
   *
   * @param provider {@code hashing} (offline, no model: hashed words), or {@code openai}, {@code
   *     azure} or {@code ollama}
   * @param name the embedding model id, for a provider other than {@code hashing}
   * @param dimensions the vector length: {@code hashing}'s, or the one to ask a model for
   * @param baseUrl the endpoint, or null for the provider's default
   * @param apiKeyEnv the environment variable holding the key, or null for the provider's usual one
   * @param where where it is written, or null
   */
  public record EmbeddingsDef(
      String provider,
      String name,
      Integer dimensions,
      String baseUrl,
      String apiKeyEnv,
      SpecLocation where) {}
}
