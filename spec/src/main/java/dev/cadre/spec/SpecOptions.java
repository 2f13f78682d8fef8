package dev.cadre.spec;

import dev.cadre.agent.HumanInput;
import dev.cadre.mcp.McpConnection;
import dev.cadre.mcp.McpServerConfig;
import dev.cadre.model.ChatModel;
import dev.cadre.tool.ToolLibrary;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * What a spec is built with, beyond the file: where keys come from, how models and MCP servers are
 * made, which tool libraries are known, and who answers for a person. {@link #defaults()} reads
 * the process environment, makes models from the spec's providers, finds tool libraries with {@link
 * ServiceLoader}, and asks a person on the console.
 */
public final class SpecOptions {

  /** Makes the model a spec names for one agent (or for a selector, named {@code selector}). */
  @FunctionalInterface
  public interface ModelFactory {
    /**
     * The model for {@code role}.
     *
     * @param role the agent's name, or {@code <team>.selector} for a selector team's model
     * @param model what the spec names, or null when it names none (a processor's spec)
     * @throws IllegalArgumentException naming what is missing; it becomes a finding at the model
     */
    ChatModel create(String role, ModelRef model);
  }

  private final Map<String, String> env;
  private final ModelFactory models;
  private final List<ToolLibrary> libraries;
  private final Function<McpServerConfig, McpConnection> mcp;
  private final HumanInput person; // null: the console, made when first asked

  private SpecOptions(
      Map<String, String> env,
      ModelFactory models,
      List<ToolLibrary> libraries,
      Function<McpServerConfig, McpConnection> mcp,
      HumanInput person) {
    this.env = env;
    this.models = models;
    this.libraries = libraries;
    this.mcp = mcp;
    this.person = person;
  }

  /**
   * The process environment, models from the spec, libraries from {@link ServiceLoader}, a person
   * on the console.
   */
  public static SpecOptions defaults() {
    return new SpecOptions(System.getenv(), null, null, McpConnection::open, null);
  }

  /** These options with keys read from {@code env} rather than the process environment. */
  public SpecOptions env(Map<String, String> env) {
    return new SpecOptions(Map.copyOf(env), models, libraries, mcp, person);
  }

  /**
   * These options with {@code person} answering the tool approvals a spec gives to a person
   * ({@code approval: {by: person}}) rather than the console: {@link HumanInput#pause()} for a
   * durable run that pauses until the answer comes, a {@link dev.cadre.agent.HumanInbox} for a web
   * page, a callback in tests.
   */
  public SpecOptions person(HumanInput person) {
    return new SpecOptions(
        env, models, libraries, mcp, Objects.requireNonNull(person, "person"));
  }

  /**
   * These options with every model made by {@code models} (a test's replay models, or a command
   * line's {@code --model}) rather than from the spec's providers.
   */
  public SpecOptions models(ModelFactory models) {
    return new SpecOptions(env, Objects.requireNonNull(models, "models"), libraries, mcp, person);
  }

  /** These options with exactly these tool libraries rather than the {@link ServiceLoader}'s. */
  public SpecOptions toolLibraries(List<ToolLibrary> libraries) {
    return new SpecOptions(env, models, List.copyOf(libraries), mcp, person);
  }

  /** These options with MCP servers connected by {@code mcp} (tests) rather than directly. */
  public SpecOptions mcp(Function<McpServerConfig, McpConnection> mcp) {
    return new SpecOptions(env, models, libraries, Objects.requireNonNull(mcp, "mcp"), person);
  }

  Map<String, String> env() {
    return env;
  }

  /** The model factory given, or null for the spec's own providers. */
  ModelFactory models() {
    return models;
  }

  List<ToolLibrary> libraries() {
    if (libraries != null) {
      return libraries;
    }
    return ServiceLoader.load(ToolLibrary.class).stream().map(ServiceLoader.Provider::get).toList();
  }

  HumanInput person() {
    return person != null ? person : HumanInput.console();
  }

  McpConnection connect(McpServerConfig config) {
    return mcp.apply(config);
  }
}
