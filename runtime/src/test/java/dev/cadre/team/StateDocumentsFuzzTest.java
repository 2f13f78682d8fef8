package dev.cadre.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.JsonSlot;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.Json;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.FinishReason;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.model.replay.ReplayStep;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Saved states of every kind of team and of an agent with tools, damaged 200 ways with a fixed
 * seed: each damaged document either loads (and can then be saved again) or is refused with a
 * {@link StateException}. Never another exception, never a hang.
 */
@Timeout(120)
class StateDocumentsFuzzTest {

  private static final int MUTANTS = 200;

  private final List<Team> teams = new ArrayList<>();

  @AfterEach
  void close() {
    teams.forEach(Team::close);
  }

  /** Something whose state is saved and loaded: a team or an agent. */
  private record Target(String name, ChatAgent agent) {}

  @Test
  void everyDamagedDocumentLoadsOrIsAStateException() {
    // Text after a document and nesting deeper than JSON text may be are refused wherever they
    // are: the first would load half of what was written, the second could not be saved again.
    List<Target> sources =
        List.of(
            new Target("round robin", roundRobin(true)),
            new Target("model selector", modelSelector(true)),
            new Target("swarm", swarm(true)),
            new Target("graph", graph(true)),
            new Target("assistant with tools", assistant(true)));
    List<Target> targets =
        List.of(
            new Target("round robin", roundRobin(false)),
            new Target("model selector", modelSelector(false)),
            new Target("swarm", swarm(false)),
            new Target("graph", graph(false)),
            new Target("assistant with tools", assistant(false)));
    List<JsonNode> saved = new ArrayList<>();
    for (Target source : sources) {
      saved.add(source.agent().saveState());
    }
    Random random = new Random(15);
    int loaded = 0;
    int refused = 0;

    for (int i = 0; i < MUTANTS; i++) {
      int which = i % sources.size();
      JsonNode original = saved.get(which);
      Target target = targets.get(which);
      Mutant mutant = mutate(original, random);
      String label = target.name() + " #" + i + " (" + mutant.how() + ")";

      Outcome outcome =
          assertTimeoutPreemptively(
              Duration.ofSeconds(10), () -> load(target.agent(), mutant), label);

      assertThat(outcome.unexpected()).as(label).isNull();
      if (mutant.mustBeRefused()) {
        assertThat(outcome.loaded()).as(label + " must be refused").isFalse();
      }
      if (outcome.loaded()) {
        loaded++;
      } else {
        refused++;
      }
    }

    // The damage is varied enough that both outcomes occur often.
    assertThat(loaded).isGreaterThan(10);
    assertThat(refused).isGreaterThan(50);
  }

  @Test
  void aDocumentNestedDeeperThanJsonIsReadIsAStateException() {
    Team team = roundRobin(true);
    JsonNode before = team.saveState();
    ObjectNode deep = before.deepCopy();
    ObjectNode message = (ObjectNode) deep.get("messages").get(1);
    message.put("type", "structured");
    message.set("value", nested(1_001));

    assertThatThrownBy(() -> team.loadState(deep))
        .isInstanceOfSatisfying(
            StateException.class, e -> assertThat(e.path()).startsWith("messages[1].value"))
        .hasMessageContaining("nested more than 1000 levels deep");
    assertThat(team.saveState()).isEqualTo(before);

    ObjectNode agentDeep = before.get("participants").get("writer").deepCopy();
    ((ObjectNode) agentDeep.get("history").get(0)).set("content", nested(100_000));
    AssistantAgent writer = TeamFixtures.agent("writer", ReplayChatModel.ofTexts("x"));
    assertThatThrownBy(() -> writer.loadState(agentDeep))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("nested more than 1000 levels deep");

    String text = "[".repeat(1_001) + "]".repeat(1_001);
    assertThatThrownBy(() -> State.parse(text))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("nested more than 1000 levels deep")
        .hasMessageNotContaining("cut short");
  }

  @Test
  void textAfterTheDocumentIsAStateException() {
    String saved = Json.write(roundRobin(true).saveState());

    for (String trailing : List.of(" {}", "{\"format\":1}", " DROP TABLE runs", " 1")) {
      assertThatThrownBy(() -> State.parse(saved + trailing))
          .as(trailing)
          .isInstanceOf(StateException.class)
          .hasMessageContaining("unexpected text after the JSON value");
    }
    assertThat(State.parse(saved + "\n  ")).isEqualTo(State.parse(saved));
  }

  // ---- loading one mutant

  /**
   * A damaged document, as text (to be parsed) or as a tree (handed over as it is), and whether it
   * must be refused whatever its damage hit: text after the document, nesting deeper than JSON text
   * may be.
   */
  private record Mutant(String text, JsonNode tree, String how, boolean mustBeRefused) {
    Mutant(String text, JsonNode tree, String how) {
      this(text, tree, how, false);
    }
  }

  /** Loaded, refused, or something else went wrong. */
  private record Outcome(boolean loaded, Throwable unexpected) {}

  private static Outcome load(ChatAgent target, Mutant mutant) {
    try {
      JsonNode document = mutant.tree() != null ? mutant.tree() : State.parse(mutant.text());
      target.loadState(document);
      // What loaded is a usable state: it can be saved again and read back.
      State.parse(Json.write(target.saveState()));
      return new Outcome(true, null);
    } catch (StateException refused) {
      return new Outcome(false, null);
    } catch (Throwable e) {
      return new Outcome(false, e);
    }
  }

  // ---- the damage

  private static Mutant mutate(JsonNode original, Random random) {
    String text = Json.write(original);
    switch (random.nextInt(10)) {
      case 0 -> {
        char[] chars = text.toCharArray();
        int flips = 1 + random.nextInt(3);
        for (int f = 0; f < flips; f++) {
          chars[random.nextInt(chars.length)] = (char) random.nextInt(128);
        }
        return new Mutant(new String(chars), null, "characters changed");
      }
      case 1 -> {
        return new Mutant(text.substring(0, random.nextInt(text.length())), null, "truncated");
      }
      case 2 -> {
        int from = random.nextInt(text.length());
        int to = Math.min(text.length(), from + 1 + random.nextInt(40));
        return new Mutant(text.substring(0, from) + text.substring(to), null, "span deleted");
      }
      case 3 -> {
        int from = random.nextInt(text.length());
        int to = Math.min(text.length(), from + 1 + random.nextInt(40));
        return new Mutant(
            text.substring(0, to) + text.substring(from, to) + text.substring(to),
            null,
            "span duplicated");
      }
      case 4 -> {
        List<String> tails = List.of(" {}", text, " garbage", ",", "]", " null");
        return new Mutant(
            text + tails.get(random.nextInt(tails.size())), null, "trailing text", true);
      }
      case 5 -> {
        JsonNode tree = original.deepCopy();
        JsonSlot slot = pick(tree, random);
        slot.set(other(slot.get(), random));
        return new Mutant(null, tree, "type changed at " + slot);
      }
      case 6 -> {
        JsonNode tree = original.deepCopy();
        JsonSlot slot = pick(tree, random);
        slot.remove();
        return new Mutant(null, tree, "removed " + slot);
      }
      case 7 -> {
        JsonNode tree = original.deepCopy();
        JsonSlot slot = pick(tree, random);
        slot.duplicate();
        return new Mutant(null, tree, "duplicated " + slot);
      }
      case 8 -> {
        // Deeper than JSON text may be, inside any object or array of the document.
        JsonNode tree = original.deepCopy();
        List<JsonNode> containers = new ArrayList<>();
        containers(tree, containers);
        JsonNode container = containers.get(random.nextInt(containers.size()));
        JsonNode deep = nested(1_001 + random.nextInt(20_000));
        if (container instanceof ArrayNode array) {
          array.add(deep);
        } else {
          ((ObjectNode) container).set("deep", deep);
        }
        return new Mutant(null, tree, "deep nesting in a " + container.getNodeType(), true);
      }
      default -> {
        // Nested as deep as JSON text may be, after any opening brace of the text.
        List<Integer> braces = new ArrayList<>();
        for (int at = text.indexOf('{'); at >= 0; at = text.indexOf('{', at + 1)) {
          braces.add(at + 1);
        }
        int at = braces.get(random.nextInt(braces.size()));
        int depth = 950 + random.nextInt(50);
        return new Mutant(
            text.substring(0, at)
                + "\"deep\":"
                + "[".repeat(depth)
                + "]".repeat(depth)
                + (text.charAt(at) == '}' ? "" : ",")
                + text.substring(at),
            null,
            "nested text " + depth + " at " + at);
      }
    }
  }

  private static JsonSlot pick(JsonNode tree, Random random) {
    List<JsonSlot> slots = JsonSlot.all(tree);
    return slots.get(random.nextInt(slots.size()));
  }

  private static JsonNode nested(int depth) {
    return JsonSlot.nested(depth, JsonNodeFactory.instance.textNode("bottom"));
  }

  private static void containers(JsonNode node, List<JsonNode> found) {
    if (node.isContainerNode()) {
      found.add(node);
      node.forEach(child -> containers(child, found));
    }
  }

  /** A value of another type than {@code value}, or an extreme one of the same. */
  private static JsonNode other(JsonNode value, Random random) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    List<Supplier<JsonNode>> choices =
        List.of(
            nodes::nullNode,
            () -> nodes.textNode("telegram"),
            () -> nodes.numberNode(-1),
            () -> nodes.numberNode(2_147_483_648L),
            () -> nodes.numberNode(Double.POSITIVE_INFINITY),
            () -> nodes.numberNode(1.5),
            () -> nodes.booleanNode(true),
            nodes::arrayNode,
            nodes::objectNode,
            () -> nodes.textNode("x".repeat(10_000)));
    JsonNode replacement = choices.get(random.nextInt(choices.size())).get();
    return replacement.equals(value) ? nodes.nullNode() : replacement;
  }

  // ---- what is saved: each kind of team after a run, and an agent that used tools

  private Team track(Team team) {
    teams.add(team);
    return team;
  }

  private static ReplayChatModel texts(boolean used, String... texts) {
    return used ? ReplayChatModel.ofTexts(texts) : ReplayChatModel.ofTexts("unused");
  }

  /** What the round robin's critic answers in, so the transcript holds structured messages. */
  record Review(String verdict, int score) {}

  private Team roundRobin(boolean run) {
    Team team =
        track(
            new Team(
                new TeamSpec(
                    "writers",
                    "",
                    List.of(
                        TeamFixtures.agent("writer", texts(run, "Draft 1", "Draft 2")),
                        AssistantAgent.builder("critic")
                            .description("critic agent")
                            .systemMessage(null)
                            .model(
                                texts(
                                    run,
                                    "{\"verdict\":\"too long\",\"score\":3}",
                                    "{\"verdict\":\"APPROVE\",\"score\":9}"))
                            .outputType(Review.class)
                            .build()),
                    new RoundRobin(),
                    Terminations.textMention("APPROVE").or(Terminations.maxMessages(20)),
                    3,
                    null)));
    if (run) {
      team.run("Write a haiku");
    }
    return team;
  }

  private Team modelSelector(boolean run) {
    Team team =
        track(
            new Team(
                new TeamSpec(
                    "panel",
                    "",
                    List.of(
                        TeamFixtures.agent("writer", texts(run, "Draft 1", "Draft 2")),
                        TeamFixtures.agent("critic", texts(run, "Too long", "Better"))),
                    ModelSelector.builder(texts(run, "writer", "critic", "writer"))
                        .allowRepeatedSpeaker(true)
                        .build(),
                    Terminations.maxMessages(4),
                    3,
                    null)));
    if (run) {
      team.run("Write a poem");
    }
    return team;
  }

  private Team swarm(boolean run) {
    ReplayChatModel alice =
        run
            ? ReplayChatModel.builder()
                .step(
                    new ReplayStep(
                        new ChatResponse(
                            null,
                            List.of(new ToolCall("call_1", "transfer_to_bob", "{}")),
                            FinishReason.TOOL_CALLS,
                            new Usage(10, 5),
                            "replay"),
                        List.of(),
                        null))
                .build()
            : ReplayChatModel.ofTexts("unused");
    Team team =
        track(
            new Team(
                new TeamSpec(
                    "support",
                    "",
                    List.of(
                        AssistantAgent.builder("alice")
                            .description("triage")
                            .systemMessage(null)
                            .model(alice)
                            .handoff("bob", "Bob handles refunds")
                            .build(),
                        TeamFixtures.agent("bob", texts(run, "Looking into it", "Found it"))),
                    new Swarm(),
                    null,
                    2,
                    null)));
    if (run) {
      team.run("I want a refund");
    }
    return team;
  }

  private Team graph(boolean run) {
    Team team =
        track(
            new Team(
                new TeamSpec(
                    "pipeline",
                    "",
                    List.of(
                        TeamFixtures.agent("a", texts(run, "A1")),
                        TeamFixtures.agent("b", texts(run, "B1 HALT")),
                        TeamFixtures.agent("c", texts(run, "C1"))),
                    new GraphFlow(
                        ChatGraph.builder()
                            .node("a")
                            .node("b")
                            .node("c")
                            .entry("a")
                            .edge("a", "b")
                            .edge("b", "c")
                            .build()),
                    Terminations.textMention("HALT"),
                    10,
                    null)));
    if (run) {
      team.run("Plan");
    }
    return team;
  }

  private static AssistantAgent assistant(boolean run) {
    Tool lookup =
        Tool.builder("lookup")
            .parameter("query", String.class, "what to look up")
            .optionalParameter("limit", int.class, "how many")
            .function((args, ctx) -> "found " + args.get("query").asText())
            .build();
    ReplayChatModel model =
        run
            ? ReplayChatModel.builder()
                .toolCall("lookup", "{\"query\":\"Oslo\",\"limit\":2}")
                .toolCall("lookup", "{\"query\":1e400}")
                .text("Oslo is the capital of Norway.")
                .build()
            : ReplayChatModel.ofTexts("unused");
    AssistantAgent agent =
        AssistantAgent.builder("researcher")
            .description("looks things up")
            .systemMessage("Answer briefly.")
            .model(model)
            .tool(lookup)
            .build();
    if (run) {
      agent.run("What is the capital of Norway?");
    }
    return agent;
  }
}
