package dev.cadre.samples.readme;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.dsl.Cadre;
import dev.cadre.model.CachePolicy;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ContentPart;
import dev.cadre.model.Prices;
import dev.cadre.model.ReasoningEffort;
import dev.cadre.model.anthropic.AnthropicChatModel;
import dev.cadre.model.openai.OpenAiChatModel;
import dev.cadre.present.Console;
import dev.cadre.present.RunReport;
import dev.cadre.team.Team;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The README's "Choosing a model" examples: images, reasoning, prompt caching and cost. Each takes
 * the model it runs on, so its test runs it offline.
 */
public final class ModelChoices {

  private ModelChoices() {}

  /** Asks {@code model} what is in the photo at {@code photo}. */
  static AgentResponse describe(ChatModel model, Path photo) {
    // README:begin
    AssistantAgent viewer = Cadre.assistant("viewer").model(model).build();
    AgentMessage question =
        new AgentMessage.MultiModal(
            "user",
            List.of(
                ContentPart.text("What is in this photo?"),
                ContentPart.imageFile(photo).withDetail("low")));
    AgentResponse answer = viewer.onMessages(List.of(question), CancellationToken.none(), e -> {});
    // README:end
    return answer;
  }

  /** The two providers' reasoning models, configured; nothing is sent until they are used. */
  static List<ChatModel> reasoningModels(String openAiKey, String anthropicKey) {
    // README:begin
    ChatModel o4 =
        OpenAiChatModel.builder()
            .apiKey(openAiKey)
            .model("o4-mini")
            .reasoningEffort(ReasoningEffort.HIGH) // sent with max_completion_tokens
            .build();
    ChatModel claude =
        AnthropicChatModel.builder()
            .apiKey(anthropicKey)
            .model("claude-sonnet-4-5")
            .thinkingBudget(4096) // extended thinking, kept and sent back in the tool loop
            .defaultMaxTokens(16000)
            .build();
    // README:end
    return List.of(o4, claude);
  }

  /** An agent on {@code model} that caches its instructions, tools and conversation. */
  static AssistantAgent cachedAgent(ChatModel model) {
    // README:begin
    AssistantAgent analyst =
        Cadre.assistant("analyst")
            .model(model)
            .systemMessage("You analyse quarterly reports. ...long instructions...")
            .cachePolicy(CachePolicy.CONVERSATION) // Anthropic cache_control breakpoints
            .build();
    // README:end
    return analyst;
  }

  /** Runs {@code team} with a console and a report that show the cost, by the user's prices. */
  static Path runWithCost(Team team, PrintStream out, Path dir) throws IOException {
    // README:begin
    Prices prices =
        Prices.builder() // per million tokens, from the providers' pricing pages
            .model("gpt-4.1", Prices.Price.perMillion(2.00, 8.00).cachedInput(0.50))
            .model(
                "claude-sonnet-4",
                Prices.Price.perMillion(3.00, 15.00).cachedInput(0.30).cacheWrite(3.75))
            .build();
    RunReport report = RunReport.builder().title("costed run").prices(prices).build();
    try (Console console = Console.builder(out).prices(prices).build()) {
      team.run(
          List.of(AgentMessage.user("Summarise the report")),
          event -> {
            console.accept(event);
            report.accept(event);
          });
    }
    report.write(dir.resolve("run.html"));
    // README:end
    return dir.resolve("run.html");
  }
}
