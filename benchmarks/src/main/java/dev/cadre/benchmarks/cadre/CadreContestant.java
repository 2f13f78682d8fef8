package dev.cadre.benchmarks.cadre;

import dev.cadre.benchmarks.Checks;
import dev.cadre.benchmarks.Contestant;
import dev.cadre.benchmarks.Fakes;
import dev.cadre.benchmarks.fake.Calculator_Tools;
import dev.cadre.benchmarks.fake.Echoes;
import dev.cadre.benchmarks.fake.FakeLlm;
import dev.cadre.core.AgentRuntime;
import dev.cadre.core.CancellationToken;
import dev.cadre.dsl.Cadre;
import dev.cadre.dsl.RoundRobinBuilder;
import dev.cadre.model.ChatModel;
import dev.cadre.team.Team;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolExecutor;
import java.util.function.Function;

/**
 * Cadre as its users write it: annotated interfaces, with the classes the processor generated for
 * them ({@code CadreAssistant}, {@code CadreAdder}, {@code CadrePipeline}, {@code
 * Calculator_Tools}). Tool dispatch goes through the {@link ToolExecutor} an agent uses, so it
 * includes parsing, schema validation and the time limit.
 */
public final class CadreContestant implements Contestant {

  private final CadreAssistant assistant;
  private final CadreAdder adder;
  private final CadrePipeline pipeline;
  private final ToolExecutor tools;
  private final Team chat;

  public CadreContestant(Fakes fakes) {
    assistant = CadreAssistant.builder().model(new CadreFakeModel(fakes.single)).build();
    adder =
        CadreAdder.builder()
            .model(new CadreFakeModel(fakes.single))
            .calculator(fakes.calculator)
            .build();
    pipeline = pipeline(fakes);
    tools = new ToolExecutor(Calculator_Tools.tools(fakes.calculator));
    chat = groupChat(fakes);
  }

  /**
   * Scenario 9: a round-robin team of four echo agents, on its own in-process runtime, that takes
   * {@link Echoes#TURNS} turns; close it when done.
   */
  public static Team groupChat(Fakes fakes) {
    RoundRobinBuilder team = Cadre.roundRobin("chat").maxTurns(Echoes.TURNS);
    for (String name : Echoes.NAMES) {
      team.participant(new EchoAgent(name, fakes.echoes));
    }
    return team.build();
  }

  /** A new sequence team on its own in-process runtime; close it when done. */
  public static CadrePipeline pipeline(Fakes fakes) {
    return pipeline(fakes, CadreFakeModel::new, null);
  }

  /**
   * A new sequence team whose agents reach their fakes through {@code model}, on {@code runtime}
   * (null for a runtime of its own); close it when done.
   */
  public static CadrePipeline pipeline(
      Fakes fakes, Function<FakeLlm, ChatModel> model, AgentRuntime runtime) {
    return CadrePipeline.builder()
        .model("outliner", model.apply(fakes.outliner))
        .model("drafter", model.apply(fakes.drafter))
        .model("editor", model.apply(fakes.editor))
        .runtime(runtime)
        .build();
  }

  /** Scenario 5: builds the one-tool agent and returns its first reply. */
  public static String firstToolCall(Fakes fakes) {
    return CadreAdder.builder()
        .model(new CadreFakeModel(fakes.single))
        .calculator(fakes.calculator)
        .build()
        .ask(Checks.QUESTION);
  }

  /** Scenario 5: builds the sequence team and returns its first result. */
  public static String firstSequence(Fakes fakes) {
    try (CadrePipeline team = pipeline(fakes)) {
      return team.write(Checks.TOPIC);
    }
  }

  @Override
  public String name() {
    return "cadre";
  }

  @Override
  public String oneTurn(String question) {
    String answer = assistant.ask(question);
    // An agent remembers its conversation; LangChain4j's AiServices without a chat memory, and
    // the floor, start afresh each time, so Cadre forgets too, and the forgetting is measured.
    assistant.agent().reset();
    return answer;
  }

  @Override
  public String toolCall(String question) {
    String answer = adder.ask(question);
    adder.agent().reset();
    return answer;
  }

  @Override
  public String sequence(String topic) {
    String article = pipeline.write(topic);
    // A team carries its conversation into its next run; each sequence here is a task of its own,
    // as each run of LangChain4j's sequence is, so the reset is part of the work measured.
    pipeline.team().reset();
    return article;
  }

  @Override
  public String dispatch(String argumentsJson) {
    return tools
        .execute(
            new ToolCall(FakeLlm.TOOL_CALL_ID, FakeLlm.TOOL_NAME, argumentsJson),
            CancellationToken.none())
        .content();
  }

  @Override
  public String groupChat(String task) {
    String last = chat.run(task).lastMessage().content();
    // As for the sequence: each chat starts afresh, and the reset is part of the work measured.
    chat.reset();
    return last;
  }

  @Override
  public void close() {
    pipeline.close();
    chat.close();
  }
}
