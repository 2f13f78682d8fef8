package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.Agent;
import dev.cadre.core.AgentFactory;
import dev.cadre.core.AgentId;
import dev.cadre.core.AgentRuntime;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.InProcessRuntime;
import dev.cadre.core.InterventionHandler;
import dev.cadre.core.RuntimeListener;
import dev.cadre.core.Subscription;
import dev.cadre.core.TopicId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-process runtime that plays the part of one worker of a distributed runtime, as far as a
 * team can tell: it records how each agent type was registered, keeps the agents its factories
 * make, and loads into each new agent the state handed over for its type (as a distributed runtime
 * does for an agent it moved here) before that agent handles its first message.
 */
final class RecordingRuntime implements AgentRuntime {

  private final InProcessRuntime runtime = new InProcessRuntime();
  private final Map<String, JsonNode> handedOver;
  final List<String> registered = new ArrayList<>();
  final List<String> registeredLocal = new ArrayList<>();
  final Map<String, Agent> agents = new ConcurrentHashMap<>();
  // As registered, so a test can make an agent again as a worker does when the agent comes back.
  final Map<String, AgentFactory> factories = new ConcurrentHashMap<>();

  RecordingRuntime() {
    this(Map.of());
  }

  /**
   * @param handedOver by agent type, the state its agents left in another process
   */
  RecordingRuntime(Map<String, JsonNode> handedOver) {
    this.handedOver = Map.copyOf(handedOver);
  }

  /**
   * What each agent made so far would hand over, by type; types whose agent saves nothing left out.
   */
  Map<String, JsonNode> saveStates() throws Exception {
    Map<String, JsonNode> states = new ConcurrentHashMap<>();
    for (Map.Entry<String, Agent> agent : agents.entrySet()) {
      JsonNode state = agent.getValue().saveState();
      if (state != null) {
        states.put(agent.getKey(), state);
      }
    }
    return states;
  }

  private AgentFactory recording(AgentFactory factory) {
    return (id, rt) -> {
      Agent agent = factory.create(id, rt);
      JsonNode state = handedOver.get(id.type());
      if (state != null) {
        agent.loadState(state);
      }
      agents.put(id.type(), agent);
      return agent;
    };
  }

  @Override
  public void register(String type, AgentFactory factory) {
    registered.add(type);
    factories.put(type, factory);
    runtime.register(type, recording(factory));
  }

  @Override
  public void registerLocal(String type, AgentFactory factory) {
    registeredLocal.add(type);
    runtime.registerLocal(type, recording(factory));
  }

  @Override
  public <R> CompletableFuture<R> send(
      Object message, AgentId recipient, AgentId sender, CancellationToken cancellation) {
    return runtime.send(message, recipient, sender, cancellation);
  }

  @Override
  public <R> R call(
      Object message, AgentId recipient, AgentId sender, CancellationToken cancellation)
      throws InterruptedException {
    return runtime.call(message, recipient, sender, cancellation);
  }

  @Override
  public <R> CompletableFuture<R> sendControl(
      Object message, AgentId recipient, AgentId sender, CancellationToken cancellation) {
    return runtime.sendControl(message, recipient, sender, cancellation);
  }

  @Override
  public void unregister(String type) {
    runtime.unregister(type);
  }

  @Override
  public CompletableFuture<Void> publish(
      Object message, TopicId topic, AgentId sender, CancellationToken cancellation) {
    return runtime.publish(message, topic, sender, cancellation);
  }

  @Override
  public void addSubscription(Subscription subscription) {
    runtime.addSubscription(subscription);
  }

  @Override
  public void removeSubscription(String id) {
    runtime.removeSubscription(id);
  }

  @Override
  public void addInterventionHandler(InterventionHandler handler) {
    runtime.addInterventionHandler(handler);
  }

  @Override
  public void addListener(RuntimeListener listener) {
    runtime.addListener(listener);
  }

  @Override
  public void removeListener(RuntimeListener listener) {
    runtime.removeListener(listener);
  }

  @Override
  public void close() {
    runtime.close();
  }
}
