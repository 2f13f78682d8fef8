package dev.cadre.dsl;

import dev.cadre.a2a.A2aRemoteAgent;
import dev.cadre.agent.AgentTool;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.code.CodeExecutor;
import dev.cadre.code.CodeExecutorAgent;
import dev.cadre.code.RunCodeTool;
import dev.cadre.model.ChatModel;
import dev.cadre.team.ModelSelector;
import dev.cadre.team.NestedChatAgent;
import dev.cadre.team.SequentialChats;
import dev.cadre.team.SocietyOfMindAgent;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import dev.cadre.tool.Tool;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Where the fluent DSL starts: agents, tools and teams, written in code. Each team builder checks
 * the whole team at {@code build()} with the rules the annotation processor applies at compile
 * time.
 *
 * <pre>{@code
 * Team team = Cadre.roundRobin("writers")
 *     .participant(Cadre.assistant("writer").model(model).systemMessage("Write."))
 *     .participant(Cadre.assistant("critic").model(model).systemMessage("Critique; say APPROVE."))
 *     .termination(Terminations.textMention("APPROVE").or(Terminations.maxMessages(10)))
 *     .build();
 * }</pre>
 */
public final class Cadre {

  private Cadre() {}

  /**
   * A team for a distributed runtime: its agents are made anew, from a new builder, each time the
   * runtime makes one (see {@link Team#Team(Supplier, dev.cadre.state.store.CheckpointStore,
   * String)} for why). {@code team} builds the same team every time, of new participants, with the
   * same settings (runtime, instance id, checkpoints); its first builder makes the team itself.
   *
   * <pre>{@code
   * Team team = Cadre.distributed(() -> Cadre.roundRobin("writers")
   *     .participant(Cadre.assistant("writer").model(model).systemMessage("Write."))
   *     .participant(Cadre.assistant("critic").model(model).systemMessage("Critique."))
   *     .termination(Terminations.maxMessages(10))
   *     .runtime(kafka)
   *     .instanceId("w1"));
   * }</pre>
   *
   * @throws dev.cadre.graph.GraphValidationException listing every problem of the team
   */
  public static Team distributed(Supplier<? extends TeamBuilder<?>> team) {
    TeamBuilder<?> first = Objects.requireNonNull(team.get(), "the team's builder");
    TeamSpec firstSpec = first.spec();
    AtomicBoolean given = new AtomicBoolean();
    return first.build(() -> given.compareAndSet(false, true) ? firstSpec : team.get().spec());
  }

  /** An assistant agent: a model, a system message, tools and handoffs. */
  public static AssistantAgent.Builder assistant(String name) {
    return AssistantAgent.builder(name);
  }

  /** A tool from a lambda, with its parameters named, typed and described. */
  public static Tool.Builder tool(String name) {
    return Tool.builder(name);
  }

  /** A team whose participants speak in turn. */
  public static RoundRobinBuilder roundRobin(String name) {
    return new RoundRobinBuilder(name);
  }

  /** A team in which {@code model} picks each next speaker by the participants' descriptions. */
  public static SelectorBuilder selector(String name, ChatModel model) {
    return new SelectorBuilder(name, ModelSelector.builder(model));
  }

  /** A selector team with the selector's options set ({@link ModelSelector#builder}). */
  public static SelectorBuilder selector(String name, ModelSelector.Builder selector) {
    return new SelectorBuilder(name, selector);
  }

  /**
   * A Magentic-One team: {@code model} is the orchestrator's, which plans, tells each next speaker
   * what to do, re-plans when the team stalls, and writes the final answer.
   */
  public static MagenticOneBuilder magenticOne(String name, ChatModel model) {
    return new MagenticOneBuilder(name, model);
  }

  /** A team that runs as a directed graph of its participants. */
  public static GraphBuilder graph(String name) {
    return new GraphBuilder(name);
  }

  /** A team in which agents hand the conversation to each other. */
  public static SwarmBuilder swarm(String name) {
    return new SwarmBuilder(name);
  }

  /** An agent whose reply is a whole inner team's run, summed up in one message. */
  public static NestedChatAgent.Builder nestedChat(String name) {
    return NestedChatAgent.builder(name);
  }

  /**
   * AutoGen's society-of-mind agent: thinks with a team of its own and answers with one message
   * its model writes from the team's conversation.
   */
  public static SocietyOfMindAgent.Builder societyOfMind(String name) {
    return SocietyOfMindAgent.builder(name);
  }

  /** Conversations one after another, each one's summary carried into the next. */
  public static SequentialChats.Builder sequentialChats() {
    return SequentialChats.builder();
  }

  /** An agent or a whole team offered to another agent as a tool that takes a task. */
  public static Tool agentTool(ChatAgent agent) {
    return AgentTool.of(agent);
  }

  /**
   * A remote agent that speaks A2A, at {@code url} (its base URL or its agent card's), as a
   * participant of any team: its card gives its name and description. For credentials, time limits
   * or where its questions go, use {@link A2aRemoteAgent#builder(String)}.
   *
   * @throws dev.cadre.a2a.A2aException if its agent card cannot be read
   */
  public static A2aRemoteAgent remoteAgent(String url) {
    return A2aRemoteAgent.connect(url);
  }

  /**
   * An agent that runs the code blocks the other agents write, on the executor it is given ({@link
   * dev.cadre.code.CodeExecutors#sandboxed()} is the sandbox), and answers with their output:
   *
   * <pre>{@code
   * CodeExecutor sandbox = CodeExecutors.sandboxed();
   * Team team = Cadre.roundRobin("dev")
   *     .participant(Cadre.assistant("coder").model(model).systemMessage("Write Python."))
   *     .participant(Cadre.codeExecutor("executor").executor(sandbox).build())
   *     .termination(Terminations.textMention("TERMINATE"))
   *     .build();
   * }</pre>
   */
  public static CodeExecutorAgent.Builder codeExecutor(String name) {
    return CodeExecutorAgent.builder(name);
  }

  /** The {@code run_code} tool over {@code executor}, for any assistant's model to call. */
  public static Tool runCode(CodeExecutor executor) {
    return RunCodeTool.of(executor);
  }
}
