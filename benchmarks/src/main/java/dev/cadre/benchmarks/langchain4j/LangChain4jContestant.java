package dev.cadre.benchmarks.langchain4j;

import dev.cadre.benchmarks.Checks;
import dev.cadre.benchmarks.Contestant;
import dev.cadre.benchmarks.Fakes;
import dev.cadre.benchmarks.fake.Calculator;
import dev.cadre.benchmarks.fake.FakeLlm;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.cadre.benchmarks.fake.Echoes;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import java.util.Map;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import java.util.function.Function;

/**
 * LangChain4j as its documentation shows it: {@code AiServices} for one agent, the agentic module's
 * sequence for three, and {@link DefaultToolExecutor} (what {@code AiServices} runs a tool with)
 * for dispatch.
 */
public final class LangChain4jContestant implements Contestant {

  private final LcAssistant assistant;
  private final LcAdder adder;
  private final LcPipeline pipeline;
  private final DefaultToolExecutor tool;
  private final UntypedAgent chat;

  public LangChain4jContestant(Fakes fakes) {
    assistant =
        AiServices.builder(LcAssistant.class)
            .chatModel(new LangChain4jFakeModel(fakes.single))
            .build();
    adder =
        AiServices.builder(LcAdder.class)
            .chatModel(new LangChain4jFakeModel(fakes.single))
            .tools(fakes.calculator)
            .build();
    pipeline = pipeline(fakes);
    chat = groupChat(fakes);
    try {
      tool =
          new DefaultToolExecutor(
              fakes.calculator, Calculator.class.getMethod("add", int.class, int.class));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The three-agent agentic sequence. */
  public static LcPipeline pipeline(Fakes fakes) {
    return pipeline(fakes, LangChain4jFakeModel::new);
  }

  /** The three-agent agentic sequence, its agents reaching their fakes through {@code model}. */
  public static LcPipeline pipeline(Fakes fakes, Function<FakeLlm, ChatModel> model) {
    LcOutliner outliner =
        AgenticServices.agentBuilder(LcOutliner.class)
            .chatModel(model.apply(fakes.outliner))
            .build();
    LcDrafter drafter =
        AgenticServices.agentBuilder(LcDrafter.class)
            .chatModel(model.apply(fakes.drafter))
            .build();
    LcEditor editor =
        AgenticServices.agentBuilder(LcEditor.class)
            .chatModel(model.apply(fakes.editor))
            .build();
    return AgenticServices.sequenceBuilder(LcPipeline.class)
        .subAgents(outliner, drafter, editor)
        .outputKey("article")
        .build();
  }

  /**
   * Scenario 9: the agentic loop of four echo agents, 25 rounds of them; LangChain4j's nearest to
   * a round-robin group chat.
   */
  public static UntypedAgent groupChat(Fakes fakes) {
    Object[] echoes =
        Echoes.NAMES.stream().map(name -> new LcEcho(name, fakes.echoes)).toArray();
    return AgenticServices.loopBuilder()
        .subAgents(echoes)
        .maxIterations(Echoes.TURNS / Echoes.NAMES.size())
        .outputKey("message")
        .build();
  }

  /** Scenario 5: builds the one-tool agent and returns its first reply. */
  public static String firstToolCall(Fakes fakes) {
    return AiServices.builder(LcAdder.class)
        .chatModel(new LangChain4jFakeModel(fakes.single))
        .tools(fakes.calculator)
        .build()
        .ask(Checks.QUESTION);
  }

  /** Scenario 5: builds the sequence and returns its first result. */
  public static String firstSequence(Fakes fakes) {
    return pipeline(fakes).write(Checks.TOPIC);
  }

  @Override
  public String name() {
    return "langchain4j";
  }

  @Override
  public String oneTurn(String question) {
    return assistant.ask(question);
  }

  @Override
  public String toolCall(String question) {
    return adder.ask(question);
  }

  @Override
  public String sequence(String topic) {
    return pipeline.write(topic);
  }

  @Override
  public String dispatch(String argumentsJson) {
    return tool.execute(
        ToolExecutionRequest.builder()
            .id(FakeLlm.TOOL_CALL_ID)
            .name(FakeLlm.TOOL_NAME)
            .arguments(argumentsJson)
            .build(),
        "default");
  }

  @Override
  public String groupChat(String task) {
    return (String) chat.invoke(Map.of("message", task));
  }
}
