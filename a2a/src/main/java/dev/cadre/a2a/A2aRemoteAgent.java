package dev.cadre.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.a2a.A2aWire.Message;
import dev.cadre.a2a.A2aWire.Part;
import dev.cadre.a2a.A2aWire.Task;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.ChatAgent;
import dev.cadre.agent.HumanInput;
import dev.cadre.agent.Question;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.core.Json;
import dev.cadre.model.Usage;
import dev.cadre.model.http.Secrets;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.MDC;

/**
 * A remote A2A agent as a Cadre participant: a selector can pick it, a graph can route to it, and
 * {@link dev.cadre.agent.AgentTool#of} makes it a tool of an assistant. Each turn sends the new
 * messages to the remote agent as one A2A message, streaming the task's updates when the agent card
 * says the agent streams and polling the task otherwise; the team's run id is the A2A context id,
 * so the remote agent keeps one conversation per run. An agent whose card speaks A2A 0.3 (Google's
 * ADK for JavaScript, say) is called in 0.3; one that offers 1.0 in 1.0.
 *
 * <p>When the remote task needs input, a {@link HumanInput} (if given) is asked and its answer
 * sent; without one, the question is this participant's answer, and its next turn answers the
 * remote task with the messages the team said meanwhile. A remote failure, a timeout or a protocol
 * error throws {@link A2aException}, naming the agent and its URL; cancelling the turn cancels the
 * remote task.
 */
public final class A2aRemoteAgent implements ChatAgent {

  /** The MDC key a team's handler sets to its run id (see the runtime's LogContext). */
  private static final String RUN_ID_KEY = "cadre.run_id";

  private static final Duration CARD_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final String description;
  private final String shownUrl;
  private final boolean streaming;
  private final String protocolVersion;
  private final Duration timeout;
  private final HumanInput humanInput;
  private final RemoteTasks tasks;

  private String conversation;

  /** A remote task that waits for the team's answer, or null. */
  private String pendingTask;

  private A2aRemoteAgent(Builder b, JsonNode card, String endpoint, boolean v03) {
    this.shownUrl = Secrets.redactUrl(b.url);
    this.name = b.name != null ? b.name : cadreName(card.path("name").asText(""));
    this.description = b.description != null ? b.description : card.path("description").asText("");
    this.streaming =
        b.streaming != null
            ? b.streaming && card.path("capabilities").path("streaming").asBoolean()
            : card.path("capabilities").path("streaming").asBoolean();
    this.protocolVersion = v03 ? A2aV03.VERSION.substring(0, 3) : A2aWire.VERSION;
    this.timeout = b.timeout;
    this.humanInput = b.humanInput;
    this.tasks =
        new RemoteTasks(
            name,
            shownUrl,
            endpoint,
            v03,
            b.auth,
            b.http,
            Secrets.of(b.auth == null ? List.of() : List.of(b.auth.secret())),
            b.timeout,
            b.pollInterval);
  }

  /** A builder for the remote agent at {@code url}: its base URL or its agent card's URL. */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /** The remote agent at {@code url}, with its card's name and description. */
  public static A2aRemoteAgent connect(String url) {
    return builder(url).build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  /** The URL it was given (its base URL or its card's), with any credential in it masked. */
  public String url() {
    return shownUrl;
  }

  /**
   * The A2A version spoken with the remote agent: "1.0" when its card offers a 1.0 JSON-RPC
   * endpoint, else "0.3" when the card is a 0.3 one (protocolVersion 0.3.x).
   */
  public String protocolVersion() {
    return protocolVersion;
  }

  /** Whether turns stream the remote task's updates (else they poll). */
  public boolean streams() {
    return streaming;
  }

  @Override
  public synchronized void reset() {
    conversation = null;
    pendingTask = null;
  }

  @Override
  public synchronized AgentResponse onMessages(
      List<? extends AgentMessage> messages,
      CancellationToken cancellation,
      Consumer<AgentEvent> listener) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<AgentEvent> events = new ArrayList<>();
    Consumer<AgentEvent> report =
        event -> {
          events.add(event);
          listener.accept(event);
        };
    String runId = MDC.get(RUN_ID_KEY);
    String contextId = runId != null ? runId : conversationId();
    List<Part> parts = new ArrayList<>();
    for (AgentMessage message : messages) {
      for (Part part : A2aWire.parts(message)) {
        ObjectNode metadata = Json.object().put("source", message.source());
        parts.add(new Part(part.text(), part.data(), null, null, part.mediaType(), null, metadata));
      }
    }
    if (parts.isEmpty()) {
      parts.add(Part.text(""));
    }
    Message out =
        new Message(A2aWire.newId(), contextId, pendingTask, A2aWire.ROLE_USER, parts, null);
    pendingTask = null;
    while (true) {
      Task task =
          streaming
              ? tasks.stream(out, cancellation, report, deadline)
              : tasks.poll(out, cancellation, deadline);
      String state = task.status() == null ? "" : task.status().state();
      String said =
          task.status() == null || task.status().message() == null
              ? ""
              : task.status().message().text();
      if (A2aWire.COMPLETED.equals(state)) {
        AgentMessage answer = answer(task);
        report.accept(new AgentEvent.Answered(name, answer, Usage.ZERO));
        JsonNode value = answer instanceof AgentMessage.Structured s ? s.value() : null;
        return new AgentResponse(answer, events, Usage.ZERO, value);
      }
      if (A2aWire.INPUT_REQUIRED.equals(state)) {
        if (humanInput == null) {
          pendingTask = task.id();
          AgentMessage question = new AgentMessage.Text(name, said);
          report.accept(new AgentEvent.Answered(name, question, Usage.ZERO));
          return new AgentResponse(question, events, Usage.ZERO, null);
        }
        String reply = ask(said, messages, cancellation, report, deadline);
        out =
            new Message(
                A2aWire.newId(),
                task.contextId(),
                task.id(),
                A2aWire.ROLE_USER,
                List.of(Part.text(reply)),
                null);
        continue;
      }
      if (A2aWire.CANCELED.equals(state) && cancellation.isCancelled()) {
        throw new CancelledException("remote agent '" + name + "' was cancelled");
      }
      throw tasks.failure(
          "its task " + task.id() + " ended " + state + (said.isEmpty() ? "" : ": " + said), null);
    }
  }

  private String conversationId() {
    if (conversation == null) {
      conversation = A2aWire.newId();
    }
    return conversation;
  }

  /** What the finished task answers: its artifacts (a data part as structured output). */
  private AgentMessage answer(Task task) {
    List<Part> parts = new ArrayList<>();
    task.artifacts().forEach(artifact -> parts.addAll(artifact.parts()));
    if (parts.isEmpty() && task.status().message() != null) {
      parts.addAll(task.status().message().parts());
    }
    if (parts.size() == 1 && parts.get(0).data() != null) {
      return new AgentMessage.Structured(name, parts.get(0).data());
    }
    StringBuilder text = new StringBuilder();
    for (Part part : parts) {
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append(part.asText());
    }
    return new AgentMessage.Text(name, text.toString());
  }

  private String ask(
      String prompt,
      List<? extends AgentMessage> context,
      CancellationToken cancellation,
      Consumer<AgentEvent> report,
      long deadline) {
    Question question = new Question(A2aWire.newId(), name, prompt, List.copyOf(context));
    report.accept(new AgentEvent.InputRequested(name, question.id(), prompt));
    CompletableFuture<String> answer = humanInput.ask(question, cancellation).toCompletableFuture();
    try {
      String text = answer.get(RemoteTasks.remaining(deadline), TimeUnit.NANOSECONDS);
      if (text == null) {
        throw tasks.failure("it asked '" + prompt + "' and the person gave no answer", null);
      }
      return text;
    } catch (TimeoutException e) {
      answer.cancel(false);
      throw tasks.failure("no answer to its question within " + timeout, e);
    } catch (ExecutionException e) {
      throw tasks.failure(
          "its question could not be answered: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException("interrupted while remote agent '" + name + "' waited");
    }
  }

  /** The card's name as a participant name: letters, digits, '_' and '-'. */
  static String cadreName(String cardName) {
    String cleaned = cardName.strip().replaceAll("[^A-Za-z0-9_-]+", "_").replaceAll("^_+|_+$", "");
    if (cleaned.isEmpty()) {
      cleaned = "remote_agent";
    }
    return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
  }

  @Override
  public String toString() {
    return "A2aRemoteAgent[" + name + " at " + shownUrl + "]";
  }

  /** Configures an {@link A2aRemoteAgent}; {@link #build()} reads the agent card. */
  public static final class Builder {
    private final String url;
    private String name;
    private String description;
    private A2aAuth auth;
    private Duration timeout = Duration.ofMinutes(5);
    private Duration pollInterval = Duration.ofMillis(500);
    private Boolean streaming;
    private HumanInput humanInput;
    private OkHttpClient http = Shared.CLIENT;

    private Builder(String url) {
      this.url = Objects.requireNonNull(url, "url");
    }

    /** The participant's name in Cadre; the card's name (made a valid name) by default. */
    public Builder name(String name) {
      this.name = ChatAgent.requireValidName("remote agent", name);
      return this;
    }

    /** What the agent is good at, for a selector; the card's description by default. */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** The credential every call carries (a bearer token or an API key). */
    public Builder auth(A2aAuth auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    /** How long one turn may take, questions to a person included; 5 minutes by default. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** How often a turn asks for the task when it does not stream; 500 ms by default. */
    public Builder pollInterval(Duration pollInterval) {
      if (pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException("poll interval must be positive: " + pollInterval);
      }
      this.pollInterval = pollInterval;
      return this;
    }

    /** Whether to stream when the card says the agent can; true by default. False always polls. */
    public Builder streaming(boolean streaming) {
      this.streaming = streaming;
      return this;
    }

    /**
     * Where the remote agent's questions ({@code input-required}) go: a person, through the
     * console, a {@link dev.cadre.agent.HumanInbox} or a callback. Without one, the question is the
     * participant's answer and the team answers it on the participant's next turn.
     */
    public Builder humanInput(HumanInput humanInput) {
      this.humanInput = Objects.requireNonNull(humanInput, "humanInput");
      return this;
    }

    /** The HTTP client to call with (proxies, TLS); a shared one by default. */
    public Builder http(OkHttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /**
     * Reads the agent card and gives the participant.
     *
     * @throws A2aException if the card cannot be read or offers no JSON-RPC endpoint
     */
    public A2aRemoteAgent build() {
      String shown = Secrets.redactUrl(url);
      String who = name != null ? name : "?";
      Secrets secrets = Secrets.of(auth == null ? List.of() : List.of(auth.secret()));
      String cardUrl = url.endsWith(".json") ? url : url.replaceAll("/+$", "") + A2aWire.CARD_PATH;
      JsonNode card;
      Request.Builder request =
          new Request.Builder().url(cardUrl).header("Accept", "application/json");
      if (auth != null) {
        request.header(auth.header(), auth.headerValue());
      }
      Call call = http.newCall(request.build());
      // Reading the card is not a turn: its own bound, whatever a turn may take.
      call.timeout().timeout(CARD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      try (Response response = call.execute()) {
        if (!response.isSuccessful()) {
          throw new A2aException(who, shown, "its agent card got HTTP " + response.code(), null);
        }
        card = Json.parse(response.body().string());
      } catch (IOException e) {
        throw new A2aException(
            who,
            shown,
            "its agent card cannot be read: " + secrets.mask(String.valueOf(e.getMessage())),
            secrets.maskCause(e));
      } catch (IllegalArgumentException e) {
        throw new A2aException(who, shown, "not a URL: " + e.getMessage(), null);
      }
      if (name == null && card.path("name").asText("").isBlank()) {
        throw new A2aException(who, shown, "its agent card has no name", null);
      }
      String endpoint = null;
      String endpointV03 = null;
      for (JsonNode endpointNode : card.path("supportedInterfaces")) {
        if (endpointNode.path("protocolBinding").asText("").equalsIgnoreCase("JSONRPC")) {
          if (!A2aV03.isV03(endpointNode.path("protocolVersion").asText(null))) {
            endpoint = endpointNode.path("url").asText(null);
            break;
          }
          endpointV03 = endpointNode.path("url").asText(null);
        }
      }
      if (endpoint == null && endpointV03 == null) {
        endpointV03 = endpointV03(card);
      }
      if (endpoint == null && endpointV03 == null) {
        throw new A2aException(
            name != null ? name : cadreName(card.path("name").asText()),
            shown,
            "its agent card offers no A2A JSON-RPC endpoint (1.0 supportedInterfaces,"
                + " or a 0.3 url with protocolVersion 0.3.x)",
            null);
      }
      return endpoint != null
          ? new A2aRemoteAgent(this, card, endpoint, false)
          : new A2aRemoteAgent(this, card, endpointV03, true);
    }

    /** The JSON-RPC URL of a 0.3 card (protocolVersion 0.3.x), or null. */
    private static String endpointV03(JsonNode card) {
      if (!A2aV03.isV03(card.path("protocolVersion").asText(null))) {
        return null;
      }
      // In 0.3 the card's url is served by its preferred transport, JSON-RPC unless it says not.
      String preferred = card.path("preferredTransport").asText("JSONRPC");
      if (preferred.equalsIgnoreCase("JSONRPC") && card.hasNonNull("url")) {
        return card.get("url").asText();
      }
      for (JsonNode other : card.path("additionalInterfaces")) {
        if (other.path("transport").asText("").equalsIgnoreCase("JSONRPC")) {
          return other.path("url").asText(null);
        }
      }
      return null;
    }
  }

  /** One connection pool for every remote agent that brings no client of its own. */
  private static final class Shared {
    static final OkHttpClient CLIENT =
        new OkHttpClient.Builder().readTimeout(Duration.ZERO).build();
  }
}
