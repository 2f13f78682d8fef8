package dev.cadre.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cadre.agent.AssistantAgent;
import dev.cadre.memory.HashingEmbeddingModel;
import dev.cadre.memory.MemoryEntry;
import dev.cadre.memory.MemoryFilter;
import dev.cadre.memory.MemoryStore;
import dev.cadre.memory.Scope;
import dev.cadre.memory.lucene.LuceneMemoryStore;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.TaskResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec's {@code memory} key: an on-disk store recalled before each model call, the {@code
 * remember} tool on it, the extractor after the turn; and every mistake in it a tagged finding on
 * its line.
 */
class SpecMemoryTest {

  @TempDir Path dir;

  private static final String SCRIPT =
      "{\"tool_calls\": [{\"id\": \"c1\", \"name\": \"remember\", \"arguments\": {\"text\":"
          + " \"Bob prefers tea\"}}]}\n"
          + "{\"text\": \"Noted, Bob.\"}\n"
          + "{\"json\": {\"facts\": [\"Bob lives in Porto\"]}}\n";

  private static final String MEMORY =
      "    memory:\n"
          + "      store: {kind: lucene, path: mem}\n"
          + "      embeddings: {provider: hashing, dimensions: 64}\n"
          + "      writes: user:bob\n"
          + "      reads: [user:bob, team:desk]\n"
          + "      extract: true\n";

  private Path spec(String memory) throws Exception {
    return OneAgentSpec.write(dir, SCRIPT, "[remember]", memory);
  }

  private List<String> stored(Path folder, Scope scope) {
    try (MemoryStore store = LuceneMemoryStore.open(folder, new HashingEmbeddingModel(64))) {
      return store.list(scope, MemoryFilter.ANY, 10).stream()
          .map(MemoryEntry::text)
          .sorted()
          .toList();
    }
  }

  @Test
  void anAgentRecallsItsScopesRemembersWithItsToolAndExtractsAfterTheTurn() throws Exception {
    Path folder = dir.resolve("mem");
    try (MemoryStore store = LuceneMemoryStore.open(folder, new HashingEmbeddingModel(64))) {
      store.put(MemoryEntry.builder(Scope.team("desk"), "Bob's order ships from Lisbon").build());
      store.put(MemoryEntry.builder(Scope.user("carol"), "Carol's order ships by boat").build());
    }
    Path spec = spec(MEMORY);

    try (LoadedTeam loaded = Specs.load(spec, SpecOptions.defaults().env(Map.of()))) {
      TaskResult result = loaded.team().run("Bob here: where does my order ship from?");

      assertThat(result.lastMessage().content()).isEqualTo("Noted, Bob.");
      ReplayChatModel script = loaded.replays().values().iterator().next();
      ChatRequest first = script.requests().get(0);
      String system = ((ChatMessage.System) first.messages().get(0)).content();
      // Recalled from the scopes it reads, and never from another's.
      assertThat(system)
          .contains(AssistantAgent.MEMORY_HEADING, "Bob's order ships from Lisbon")
          .doesNotContain("Carol");
      assertThat(first.tools()).extracting(tool -> tool.name()).containsExactly("remember");
    }
    // The remember tool and the extractor wrote to the scope it writes.
    assertThat(stored(folder, Scope.user("bob")))
        .containsExactly("Bob lives in Porto", "Bob prefers tea");
  }

  @Test
  void memoryToolsNeedAMemory() throws Exception {
    Path spec = spec("");

    Throwable thrown = catchThrowable(() -> Specs.load(spec, SpecOptions.defaults()).close());

    assertThat(((SpecException) thrown).findings())
        .map(SpecFinding::toString)
        .singleElement()
        .asString()
        .startsWith(dir.resolve("desk.yaml") + ":7:13: [Cadre/SpecUnknownTool] agent 'clerk': no"
            + " tool named 'remember'")
        .contains("an agent's memory (remember, recall)");
  }

  @Test
  void everyMistakeInAMemoryIsATaggedFindingOnItsLine() throws Exception {
    Path spec =
        spec(
            "    memory:\n"
                + "      store: {kind: lucen}\n"
                + "      embeddings: {provider: openai, apiKey: sk-secret-1}\n"
                + "      writes: alice\n"
                + "      reads: [crowd:all]\n"
                + "      limit: 0\n"
                + "      extract: yes please\n");

    Throwable thrown = catchThrowable(() -> Specs.load(spec, SpecOptions.defaults()).close());

    String file = dir.resolve("desk.yaml").toString();
    List<String> findings =
        ((SpecException) thrown).findings().stream().map(SpecFinding::toString).toList();
    assertThat(findings)
        .containsExactlyInAnyOrder(
            file
                + ":9:21: [Cadre/SpecValue] participants[0].memory.store.kind is 'lucen'; use"
                + " lucene (an on-disk Lucene index in a folder) (did you mean 'lucene'?)",
            file
                + ":9:14: [Cadre/SpecMissing] participants[0].memory.store.path is missing here:"
                + " give the store's folder (relative to the spec), or pathEnv, the environment"
                + " variable that names it",
            file
                + ":10:46: [Cadre/SecretInSpec] participants[0].memory.embeddings.apiKey writes a"
                + " key into the spec; keys are read only from the environment: remove it, set the"
                + " provider's variable or name your own with apiKeyEnv",
            file
                + ":10:19: [Cadre/SpecMissing] participants[0].memory.embeddings.name is missing"
                + " here: name the openai embedding model, such as text-embedding-3-small",
            file
                + ":11:15: [Cadre/SpecValue] participants[0].memory.writes: scope 'alice' is not"
                + " kind:id, such as user:alice (user:alice, agent:support, team:desk)",
            file
                + ":12:15: [Cadre/SpecValue] participants[0].memory.reads[0]: scope 'crowd:all' has"
                + " an unknown kind; use user:, agent: or team: (user:alice, agent:support,"
                + " team:desk)",
            file
                + ":13:14: [Cadre/SpecType] participants[0].memory.limit must be a whole number of"
                + " at least 1, not a number (0)",
            file
                + ":14:16: [Cadre/SpecType] participants[0].memory.extract must be true or false,"
                + " not text");
    assertThat(String.join("\n", findings)).doesNotContain("sk-secret-1");
  }
}
