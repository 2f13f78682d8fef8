package ${package};

import dev.cadre.agent.AgentMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ModelConfig;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.TaskResult;

/** Runs the trip desk: offline on a scripted model, or live when the environment names a model. */
public class App {

  /** Plans a day out in Paris and prints the conversation. */
  public static void main(String[] args) {
    // Offline unless CADRE_PROVIDER or an API key (OPENAI_API_KEY, ANTHROPIC_API_KEY...) is set.
    ChatModel model = ModelConfig.fromEnvironment().create(App::offline);
    try (CadreTripDesk desk =
        CadreTripDesk.builder().model(model).weatherTools(new WeatherTools()).build()) {
      TaskResult result = desk.plan("Paris");
      for (AgentMessage message : result.messages()) {
        System.out.println(message.source() + ": " + message.content());
      }
    }
  }

  /** What a model would answer, in order: the forecaster's tool call and reply, the packer's. */
  static ChatModel offline() {
    return ReplayChatModel.builder()
        .toolCall("weather", "{\"city\": \"Paris\"}")
        .text("It is sunny and 21°C in Paris.")
        .text("Take sunglasses and sun cream.")
        .build();
  }
}
