package dev.cadre.benchmarks.langchain4j;

import dev.cadre.benchmarks.fake.FakeLlm;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import java.util.stream.Collectors;

/** {@link FakeLlm} behind LangChain4j's {@link ChatModel}. */
public final class LangChain4jFakeModel implements ChatModel {

  private static final TokenUsage USAGE = new TokenUsage(10, 5);
  private static final ChatResponse TOOL_CALL =
      ChatResponse.builder()
          .aiMessage(
              AiMessage.from(
                  ToolExecutionRequest.builder()
                      .id(FakeLlm.TOOL_CALL_ID)
                      .name(FakeLlm.TOOL_NAME)
                      .arguments(FakeLlm.TOOL_ARGUMENTS)
                      .build()))
          .tokenUsage(USAGE)
          .finishReason(FinishReason.TOOL_EXECUTION)
          .modelName("fake")
          .build();
  private static final ChatResponse FINAL = text(FakeLlm.FINAL_TEXT);

  private final FakeLlm llm;
  private final ChatResponse plain;

  public LangChain4jFakeModel(FakeLlm llm) {
    this.llm = llm;
    this.plain = text(llm.plainText());
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    List<ChatMessage> messages = request.messages();
    boolean toolResult =
        messages.get(messages.size() - 1) instanceof ToolExecutionResultMessage;
    List<?> tools = request.toolSpecifications();
    if (llm.recording()) {
      llm.see(messages.stream().map(Object::toString).collect(Collectors.joining("\n")));
    }
    switch (llm.reply(tools != null && !tools.isEmpty(), toolResult)) {
      case TOOL_CALL:
        return TOOL_CALL;
      case FINAL:
        return FINAL;
      default:
        return plain;
    }
  }

  private static ChatResponse text(String text) {
    return ChatResponse.builder()
        .aiMessage(AiMessage.from(text))
        .tokenUsage(USAGE)
        .finishReason(FinishReason.STOP)
        .modelName("fake")
        .build();
  }
}
