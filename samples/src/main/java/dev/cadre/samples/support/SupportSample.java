package dev.cadre.samples.support;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.dsl.Cadre;
import dev.cadre.present.Console;
import dev.cadre.memory.EmbeddingModel;
import dev.cadre.memory.HashingEmbeddingModel;
import dev.cadre.memory.MemoryEvent;
import dev.cadre.memory.MemoryExtractor;
import dev.cadre.memory.MemoryStore;
import dev.cadre.memory.MemoryTools;
import dev.cadre.memory.Scope;
import dev.cadre.memory.lucene.LuceneMemoryStore;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ModelConfig;
import dev.cadre.samples.Samples;
import dev.cadre.samples.Sample;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import dev.cadre.team.Terminations;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A support agent that remembers its customers across runs: what it learns about a customer (with
 * the {@code remember} tool, and what the memory extractor distils from each visit) goes into an
 * on-disk Lucene memory, and on the next visit, in another process, the agent is reminded of it
 * before it answers.
 *
 * <p>The memory folder is {@code CADRE_SUPPORT_MEMORY} (or the system property {@code
 * cadre.support.memory}), by default {@code cadre-support-memory} in the temporary folder. Offline,
 * embeddings come from {@link HashingEmbeddingModel} and the model is a replay script: the first
 * visit's when the memory knows nothing of the customer, the return visit's when it does.
 */
public final class SupportSample implements Sample {

  /** The customer of the default tasks. */
  public static final String CUSTOMER = "alice";

  /** What the customer says on her first visit. */
  public static final String FIRST_VISIT =
      "Hi, this is Alice. Any news on the refund for order 1043? And please never phone me, email"
          + " only.";

  /** What she says when she comes back. */
  public static final String RETURN_VISIT =
      "Hi, Alice again. The refund for order 1043: how will you let me know it is done?";

  static final EmbeddingModel OFFLINE_EMBEDDINGS = new HashingEmbeddingModel(512);

  @Override
  public String name() {
    return "support";
  }

  @Override
  public String description() {
    return "A support agent that remembers each customer across runs in an on-disk memory";
  }

  @Override
  public String defaultTask() {
    return knowsCustomer() ? RETURN_VISIT : FIRST_VISIT;
  }

  /** The first visit's script when the memory knows nothing of the customer, else the return's. */
  @Override
  public ChatModel offlineModel() {
    return Samples.replay(
        knowsCustomer() ? "support/return-visit.jsonl" : "support/first-visit.jsonl");
  }

  private static boolean knowsCustomer() {
    try (MemoryStore store = LuceneMemoryStore.open(folder(), embeddings())) {
      return store.count(Scope.user(CUSTOMER)) > 0;
    }
  }

  @Override
  public TaskResult run(ChatModel model, String task, Consumer<TeamEvent> events) {
    return run(model, task, events, event -> {});
  }

  /**
   * Runs one visit, then has the {@link MemoryExtractor} keep the durable facts of the turn,
   * reporting what it wrote or skipped to {@code memoryEvents}.
   */
  public TaskResult run(
      ChatModel model,
      String task,
      Consumer<TeamEvent> events,
      Consumer<MemoryEvent> memoryEvents) {
    try (MemoryStore store = LuceneMemoryStore.open(folder(), embeddings());
        Team team = team(model, store)) {
      TaskResult result = team.run(List.of(AgentMessage.user(task)), events);
      MemoryExtractor.builder(model, store, Scope.user(CUSTOMER))
          .listener(memoryEvents)
          .build()
          .afterTurn(
              List.of(
                  ChatMessage.user(task), ChatMessage.assistant(result.lastMessage().content())),
              null);
      return result;
    }
  }

  /** One support agent on {@code model}, remembering in {@code store}; close it when done. */
  static Team team(ChatModel model, MemoryStore store) {
    Scope customer = Scope.user(CUSTOMER);
    // The customer's own memories, and what the whole support team shares.
    Set<Scope> readable = Set.of(customer, Scope.team("support"));
    MemoryTools tools = MemoryTools.of(store, customer, readable);
    AssistantAgent.Builder agent =
        Cadre.assistant("support")
            .description("Answers customers, remembering what they asked for")
            .systemMessage(
                "You are a support agent. When a customer tells you something that will matter"
                    + " next time (how to contact them, what they own), store it with remember."
                    + " Answer in two sentences.")
            .model(model)
            .memory(store.view("customer", customer, readable))
            .tools(tools.remember(), tools.recall());
    return Cadre.roundRobin("support_desk")
        .participant(agent)
        .termination(Terminations.textMessage("support"))
        .maxTurns(1)
        .build();
  }

  /** Where the memory lives. */
  static Path folder() {
    String configured = System.getenv("CADRE_SUPPORT_MEMORY");
    if (configured == null || configured.isBlank()) {
      configured = System.getProperty("cadre.support.memory");
    }
    return configured == null || configured.isBlank()
        ? Path.of(System.getProperty("java.io.tmpdir"), "cadre-support-memory")
        : Path.of(configured);
  }

  /** The environment's embedding model ({@code CADRE_EMBEDDING_MODEL}), hashing offline. */
  static EmbeddingModel embeddings() {
    return ModelConfig.fromEnvironment().createEmbeddings(() -> OFFLINE_EMBEDDINGS);
  }

  /** Runs one visit: the task in the arguments, or the visit the memory calls for. */
  public static void main(String[] args) {
    SupportSample sample = new SupportSample();
    String task = args.length > 0 ? String.join(" ", args) : sample.defaultTask();
    ChatModel model = ModelConfig.fromEnvironment().create(sample::offlineModel);
    try (Console console = Console.builder(System.out).terminal(false).build()) {
      sample.run(model, task, console, event -> System.out.println("memory: " + event));
      console.summary("answered");
    }
  }
}
