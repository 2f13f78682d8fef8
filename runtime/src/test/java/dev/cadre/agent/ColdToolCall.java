package dev.cadre.agent;

import dev.cadre.core.CancellationToken;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.FinishReason;
import dev.cadre.model.ModelInfo;
import dev.cadre.model.Usage;
import dev.cadre.tool.JsonSchemas;
import dev.cadre.tool.JsonValues;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolSpec;
import java.util.List;

/**
 * An agent's first tool call in a fresh JVM, as the processor's code makes it (a schema constant,
 * arguments read with {@link JsonValues}), for {@link ColdStartTest}: prints the answer.
 */
public final class ColdToolCall {

  private static final String ADD_PARAMETERS =
      "{\"type\":\"object\","
          + "\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"integer\"}},"
          + "\"required\":[\"a\",\"b\"],\"additionalProperties\":false}";

  private ColdToolCall() {}

  public static void main(String[] args) {
    Tool add =
        Tool.of(
            new ToolSpec("add", "Adds two integers", JsonSchemas.parse(ADD_PARAMETERS)),
            (arguments, context) ->
                JsonValues.render(
                    JsonValues.numberNode(
                        JsonValues.intValue(arguments.get("a"), "a")
                            + JsonValues.intValue(arguments.get("b"), "b"))));
    ChatModel model =
        new ChatModel() {
          @Override
          public ModelInfo info() {
            return ModelInfo.capable("scripted");
          }

          @Override
          public ChatResponse chat(ChatRequest request, CancellationToken cancellation) {
            List<ChatMessage> messages = request.messages();
            if (messages.get(messages.size() - 1) instanceof ChatMessage.ToolResults results) {
              return ChatResponse.ofText(
                  "2 + 3 = " + results.results().get(0).content(), new Usage(1, 1), "scripted");
            }
            return new ChatResponse(
                null,
                List.of(new ToolCall("call-1", "add", "{\"a\":2,\"b\":3}")),
                FinishReason.TOOL_CALLS,
                new Usage(1, 1),
                "scripted");
          }
        };
    AssistantAgent agent = AssistantAgent.builder("adder").model(model).tools(add).build();
    System.out.println(agent.run("What is 2 + 3?").message().content());
  }
}
