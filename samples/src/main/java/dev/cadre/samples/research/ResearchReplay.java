package dev.cadre.samples.research;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ModelInfo;
import dev.cadre.model.StreamListener;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import dev.cadre.state.Stateful;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The research sample's offline models: one replay script for the agents that take turns one at a
 * time (coordinator, synthesiser, reviewer: {@code research.jsonl}), and one per researcher ({@code
 * climate.jsonl}...), since the researchers run at once and would otherwise take one shared
 * script's replies in whatever order their threads reach it.
 *
 * <p>As a {@link ChatModel} it is the shared script, so it can stand wherever one model is asked
 * for; {@link ResearchSample#run} recognises it and gives each researcher its own script by the
 * model key it declares.
 *
 * <p>Its state is every script's position, so that a durable run resumed on it goes on where each
 * script stood at the run's latest snapshot ({@link dev.cadre.team.Team#keepWithRuns}).
 */
public final class ResearchReplay implements ChatModel, Stateful {

  /** The kind of the state document of the scripts' positions. */
  static final String STATE_KIND = "research-replay";

  /** The model keys of the researchers, which {@code @Agent(model = ...)} names. */
  public static final List<String> RESEARCHER_KEYS = List.of("climate", "economics", "policy");

  private final ReplayChatModel shared;
  private final Map<String, ReplayChatModel> researchers;

  private ResearchReplay(ReplayChatModel shared, Map<String, ReplayChatModel> researchers) {
    this.shared = shared;
    this.researchers = Map.copyOf(researchers);
  }

  /** Fresh models on the bundled scripts: each script plays once. */
  public static ResearchReplay bundled() {
    Map<String, ReplayChatModel> researchers = new LinkedHashMap<>();
    RESEARCHER_KEYS.forEach(key -> researchers.put(key, script(key + ".jsonl")));
    return new ResearchReplay(script("research.jsonl"), researchers);
  }

  /** The script of the coordinator, the synthesiser and the reviewer, in the order they speak. */
  public ReplayChatModel shared() {
    return shared;
  }

  /** The script of the researcher with model key {@code key} (one of {@link #RESEARCHER_KEYS}). */
  public ReplayChatModel researcher(String key) {
    ReplayChatModel model = researchers.get(key);
    if (model == null) {
      throw new IllegalArgumentException(
          "no researcher has the model key '" + key + "'; the keys are " + RESEARCHER_KEYS);
    }
    return model;
  }

  @Override
  public ModelInfo info() {
    return shared.info();
  }

  @Override
  public ChatResponse chat(ChatRequest request, CancellationToken cancellation) {
    return shared.chat(request, cancellation);
  }

  @Override
  public ChatResponse stream(
      ChatRequest request, StreamListener listener, CancellationToken cancellation) {
    return shared.stream(request, listener, cancellation);
  }

  /** The position of each script: {@code shared}, then one per researcher key. */
  @Override
  public JsonNode saveState() {
    ObjectNode document = State.document(STATE_KIND);
    document.set("shared", shared.saveState());
    researchers.forEach((key, model) -> document.set(key, model.saveState()));
    return document;
  }

  /** Moves every script to its saved position; if one is rejected, none moves. */
  @Override
  public void loadState(JsonNode state) {
    ObjectNode document = State.open(state, STATE_KIND);
    Map<String, ReplayChatModel> scripts = new LinkedHashMap<>();
    scripts.put("shared", shared);
    scripts.putAll(researchers);
    Map<String, JsonNode> before = new LinkedHashMap<>();
    scripts.forEach((name, script) -> before.put(name, script.saveState()));
    try {
      scripts.forEach(
          (name, script) -> {
            try {
              script.loadState(document.get(name));
            } catch (StateException e) {
              throw e.within(name);
            }
          });
    } catch (StateException e) {
      scripts.forEach((name, script) -> script.loadState(before.get(name)));
      throw e;
    }
  }

  private static ReplayChatModel script(String name) {
    try (InputStream in = ResearchReplay.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "the replay script " + name + " of the research sample is missing from the class path");
      }
      return ReplayChatModel.fromJsonLines(in, name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "ResearchReplay" + RESEARCHER_KEYS;
  }
}
