package dev.cadre.benchmarks.cadre;

import dev.cadre.benchmarks.fake.FakeLlm;
import dev.cadre.core.CancellationToken;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.FinishReason;
import dev.cadre.model.ModelInfo;
import dev.cadre.model.Usage;
import dev.cadre.tool.ToolCall;
import java.util.List;
import java.util.stream.Collectors;

/** {@link FakeLlm} behind Cadre's {@link ChatModel}. */
public final class CadreFakeModel implements ChatModel {

  private static final String MODEL = "fake";
  private static final Usage USAGE = new Usage(10, 5);
  private static final ModelInfo INFO = ModelInfo.capable(MODEL);
  private static final ChatResponse TOOL_CALL =
      new ChatResponse(
          null,
          List.of(new ToolCall(FakeLlm.TOOL_CALL_ID, FakeLlm.TOOL_NAME, FakeLlm.TOOL_ARGUMENTS)),
          FinishReason.TOOL_CALLS,
          USAGE,
          MODEL);
  private static final ChatResponse FINAL = ChatResponse.ofText(FakeLlm.FINAL_TEXT, USAGE, MODEL);

  private final FakeLlm llm;
  private final ChatResponse plain;

  public CadreFakeModel(FakeLlm llm) {
    this.llm = llm;
    this.plain = ChatResponse.ofText(llm.plainText(), USAGE, MODEL);
  }

  @Override
  public ModelInfo info() {
    return INFO;
  }

  @Override
  public ChatResponse chat(ChatRequest request, CancellationToken cancellation) {
    List<ChatMessage> messages = request.messages();
    boolean toolResult = messages.get(messages.size() - 1) instanceof ChatMessage.ToolResults;
    if (llm.recording()) {
      llm.see(messages.stream().map(CadreFakeModel::text).collect(Collectors.joining("\n")));
    }
    switch (llm.reply(!request.tools().isEmpty(), toolResult)) {
      case TOOL_CALL:
        return TOOL_CALL;
      case FINAL:
        return FINAL;
      default:
        return plain;
    }
  }

  private static String text(ChatMessage message) {
    if (message instanceof ChatMessage.System system) {
      return system.content();
    }
    if (message instanceof ChatMessage.User user) {
      return user.content();
    }
    if (message instanceof ChatMessage.Assistant assistant) {
      return String.valueOf(assistant.content());
    }
    return message.toString();
  }
}
