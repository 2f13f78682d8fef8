package dev.cadre.mcp;

import dev.cadre.agent.HumanInput;
import dev.cadre.model.ChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What Cadre's MCP client offers a server beyond calling its tools: the roots it may work in,
 * answers to its sampling requests from a {@link ChatModel} the user chose, answers to its
 * questions (elicitation) from a person, and what to do with its notifications. Immutable; all
 * optional; {@link #none()} offers nothing, which is what {@link
 * McpConnection#open(McpServerConfig)} uses.
 *
 * <pre>{@code
 * McpClientOptions options = McpClientOptions.builder()
 *     .root("file:///srv/project", "project")
 *     .sampling(model)                          // the server may ask this model
 *     .samplingApproval(HumanInput.console())   // ...once a person allows each request
 *     .elicitation(HumanInput.console())        // its questions go to a person
 *     .onProgress(p -> log.info("{}", p))
 *     .build();
 * McpConnection.open(config, options);
 * }</pre>
 */
public final class McpClientOptions {

  private static final McpClientOptions NONE = builder().build();

  private final List<McpRoot> roots;
  private final ChatModel sampling;
  private final HumanInput samplingApproval;
  private final HumanInput elicitation;
  private final boolean structuredResults;
  private final Consumer<McpProgress> onProgress;
  private final Consumer<String> onResourceUpdated;
  private final Runnable onToolsChanged;

  private McpClientOptions(Builder b) {
    this.roots = List.copyOf(b.roots);
    this.sampling = b.sampling;
    this.samplingApproval = b.samplingApproval;
    this.elicitation = b.elicitation;
    this.structuredResults = b.structuredResults;
    this.onProgress = b.onProgress;
    this.onResourceUpdated = b.onResourceUpdated;
    this.onToolsChanged = b.onToolsChanged;
  }

  /** No roots, no sampling, no elicitation; notifications are only logged. */
  public static McpClientOptions none() {
    return NONE;
  }

  /** Starts a set of options. */
  public static Builder builder() {
    return new Builder();
  }

  /** The roots a server is told of when it asks ({@code roots/list}). */
  public List<McpRoot> roots() {
    return roots;
  }

  /** The model that answers a server's {@code sampling/createMessage}, or null: none is offered. */
  public ChatModel sampling() {
    return sampling;
  }

  /** Who allows each sampling request first, or null: they are answered without asking. */
  public HumanInput samplingApproval() {
    return samplingApproval;
  }

  /** Who answers a server's questions ({@code elicitation/create}), or null: none is offered. */
  public HumanInput elicitation() {
    return elicitation;
  }

  /** True if a tool's structured result, not its text, is what the model reads. */
  public boolean structuredResults() {
    return structuredResults;
  }

  Consumer<McpProgress> onProgress() {
    return onProgress;
  }

  Consumer<String> onResourceUpdated() {
    return onResourceUpdated;
  }

  Runnable onToolsChanged() {
    return onToolsChanged;
  }

  /** A root: a directory or other place, by URI, that the server may work in. */
  public record McpRoot(String uri, String name) {
    public McpRoot {
      Objects.requireNonNull(uri, "uri of root");
    }
  }

  /**
   * A progress notification of a running call.
   *
   * @param server the server's name
   * @param token the call's progress token
   * @param progress how far it has come
   * @param total how far it will go, or null if the server does not know
   * @param message what it is doing, or null
   */
  public record McpProgress(
      String server, Object token, double progress, Double total, String message) {}

  /** Collects {@link McpClientOptions}. */
  public static final class Builder {
    private final List<McpRoot> roots = new ArrayList<>();
    private ChatModel sampling;
    private HumanInput samplingApproval;
    private HumanInput elicitation;
    private boolean structuredResults;
    private Consumer<McpProgress> onProgress = p -> {};
    private Consumer<String> onResourceUpdated = uri -> {};
    private Runnable onToolsChanged = () -> {};

    private Builder() {}

    /** Declares root {@code uri} ({@code file:///...}), called {@code name}. */
    public Builder root(String uri, String name) {
      roots.add(new McpRoot(uri, name));
      return this;
    }

    /** Answers the server's sampling requests with {@code model}. */
    public Builder sampling(ChatModel model) {
      this.sampling = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * Asks {@code person} to allow each sampling request before {@link #sampling}'s model sees it;
     * any answer but "y" or "yes" refuses it.
     */
    public Builder samplingApproval(HumanInput person) {
      this.samplingApproval = Objects.requireNonNull(person, "person");
      return this;
    }

    /**
     * Sends the server's questions (elicitation in form mode) to {@code person}, one question per
     * field; an empty answer takes the field's default.
     */
    public Builder elicitation(HumanInput person) {
      this.elicitation = Objects.requireNonNull(person, "person");
      return this;
    }

    /**
     * Makes a tool's structured result ({@code structuredContent}), when it has one, what the
     * model reads; by default the model reads the text content.
     */
    public Builder structuredResults(boolean structured) {
      this.structuredResults = structured;
      return this;
    }

    /** Called with each progress notification of a call. */
    public Builder onProgress(Consumer<McpProgress> listener) {
      this.onProgress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Called with the URI of a subscribed resource that changed. */
    public Builder onResourceUpdated(Consumer<String> listener) {
      this.onResourceUpdated = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Called when the server says its tool list changed; {@link McpConnection#tools()} then lists
     * the new one.
     */
    public Builder onToolsChanged(Runnable listener) {
      this.onToolsChanged = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The options given so far, frozen. */
    public McpClientOptions build() {
      return new McpClientOptions(this);
    }
  }
}
