package test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cadre.agent.AgentMessage;
import dev.cadre.core.AgentRuntime;
import dev.cadre.core.Json;
import dev.cadre.dsl.Cadre;
import dev.cadre.dsl.RoundRobinBuilder;
import dev.cadre.model.ChatModel;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import dev.cadre.tool.JsonValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.annotation.processing.Generated;

/**
 * Runs the {@link ReviewDesk} team {@code review_desk} (ROUND_ROBIN of writer, critic), built with the Cadre DSL.
 * Get one from {@link #builder()}, and close it when done.
 */
@Generated("dev.cadre.processor.CadreProcessor")
public final class CadreReviewDesk implements ReviewDesk, AutoCloseable {
  private final Team team;

  private CadreReviewDesk(Team team) {
    this.team = team;
  }

  /**
   * Starts a builder; give it the models and tools the participants need.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The team: to stream or cancel a run, or to take part in another team.
   */
  public Team team() {
    return team;
  }

  @Override
  public Review review(String topic) {
    Objects.requireNonNull(topic, "topic");
    String task = "Review a draft about " + topic;
    return answerReview(team.run(task));
  }

  @Override
  public Verdict judge(String topic) {
    Objects.requireNonNull(topic, "topic");
    String task = "Judge a draft about " + topic;
    return answerVerdict(team.run(task));
  }

  @Override
  public CompletableFuture<Verdict> judgeLater(String topic) {
    Objects.requireNonNull(topic, "topic");
    String task = "Judge a draft about " + topic + ", later";
    return team.runAsync(task).thenApply(CadreReviewDesk::answerVerdict);
  }

  /**
   * Closes the team's runtime, unless one was given to the builder, and those of the nested teams.
   */
  @Override
  public void close() {
    team.close();
  }

  private static JsonNode json(AgentMessage message) {
    if (message instanceof AgentMessage.Structured structured) {
      return structured.value();
    }
    String text = unfenced(message.content());
    try {
      return Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(text);
    } catch (JsonProcessingException e) {
      if (text.matches("\\w+")) {
        // a bare word, as models often answer with an enum constant: APPROVE
        return TextNode.valueOf(text);
      }
      throw new IllegalArgumentException("it is not JSON (" + e.getOriginalMessage() + ")", e);
    }
  }

  private static String unfenced(String text) {
    String stripped = text.strip();
    if (stripped.length() < 6 || !stripped.startsWith("```") || !stripped.endsWith("```")) {
      return stripped;
    }
    int end = stripped.length() - 3;
    // the opening fence's line may name the language: ```json
    int start = stripped.indexOf('\n');
    return stripped.substring(start < 0 || start > end ? 3 : start + 1, end).strip();
  }

  private static IllegalStateException notAnswer(AgentMessage message, String type,
      IllegalArgumentException cause) {
    String text = message.content();
    if (text.length() > 200) {
      text = text.substring(0, 197) + "...";
    }
    return new IllegalStateException("team 'review_desk' cannot read its last message, from '" + message.source() + "', as " + type + ": " + cause.getMessage() + "; the message: \"" + text + "\"; have '" + message.source() + "' answer with only the JSON of " + type + ", e.g. by saying so in its system message", cause);
  }

  private static Review answerReview(TaskResult result) {
    AgentMessage last = result.lastMessage();
    try {
      return readReview(json(last), "");
    } catch (IllegalArgumentException e) {
      throw notAnswer(last, "Review", e);
    }
  }

  private static Verdict answerVerdict(TaskResult result) {
    AgentMessage last = result.lastMessage();
    try {
      JsonNode json = json(last);
      return json.isObject() ? readVerdict(json.get("value"), "value") : readVerdict(json, "");
    } catch (IllegalArgumentException e) {
      throw notAnswer(last, "Verdict", e);
    }
  }

  private static Review readReview(JsonNode node, String path) {
    ObjectNode object = JsonValues.object(node, path);
    return new Review(
        JsonValues.text(object.get("verdict"), JsonValues.field(path, "verdict")),
        JsonValues.intValue(object.get("score"), JsonValues.field(path, "score")),
        readStringList(object.get("notes"), JsonValues.field(path, "notes")));
  }

  private static List<String> readStringList(JsonNode node, String path) {
    ArrayNode array = JsonValues.array(node, path);
    List<String> values = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      values.add(JsonValues.text(array.get(i), JsonValues.index(path, i)));
    }
    return List.copyOf(values);
  }

  private static Verdict readVerdict(JsonNode node, String path) {
    return switch (JsonValues.text(node, path)) {
      case "APPROVE" -> Verdict.APPROVE;
      case "REVISE" -> Verdict.REVISE;
      default -> throw JsonValues.notOneOf(node, path, "APPROVE", "REVISE");
    };
  }

  /**
   * Builds a {@link CadreReviewDesk}.
   */
  public static final class Builder {
    private ChatModel model;

    private AgentRuntime runtime;

    private Builder() {
    }

    /**
     * The default model, for every participant that names no model key: writer, critic.
     */
    public Builder model(ChatModel model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * Runs the team, and its nested teams, on {@code runtime}; null, the default, gives each its own
     * in-process runtime.
     */
    public Builder runtime(AgentRuntime runtime) {
      this.runtime = runtime;
      return this;
    }

    /**
     * Builds every participant and the team.
     *
     * @throws IllegalStateException naming every model or tool holder not given
     */
    public CadreReviewDesk build() {
      List<String> missing = new ArrayList<>();
      if (model == null) {
        missing.add("model(ChatModel) for writer, critic");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("CadreReviewDesk needs " + String.join("; ", missing) + "; set them on its builder");
      }
      Supplier<RoundRobinBuilder> team =
          () -> {
            RoundRobinBuilder built = Cadre.roundRobin("review_desk")
                .participant(CadreWriter.builder().model(model).build().agent())
                .participant(CadreCritic.builder().model(model).build().agent())
                .termination(Terminations.maxMessages(3));
            if (runtime != null) {
              built.runtime(runtime);
            }
            return built;
          };
      return new CadreReviewDesk(runtime == null ? team.get().build() : Cadre.distributed(team));
    }
  }
}
