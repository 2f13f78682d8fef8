package dev.cadre.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.model.ChatRequest;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tools that report progress, and tools that change between an agent's model calls. */
@Timeout(60)
class ChangingToolsTest {

  private static Tool tool(String name, String result) {
    return Tool.builder(name).description("Says " + result).function((a, c) -> result).build();
  }

  private static List<String> offered(ChatRequest request) {
    return request.tools().stream().map(ToolSpec::name).toList();
  }

  @Test
  void progressOfToolsRunningTogetherBecomesEventsBetweenTheCallsAndTheirResults() {
    Tool fetch =
        Tool.builder("fetch")
            .description("Fetches pages")
            .parameter("pages", Integer.class, "How many")
            .function(
                (arguments, context) -> {
                  int pages = arguments.get("pages").asInt();
                  for (int page = 1; page <= pages; page++) {
                    context.progress(page, (double) pages, "page " + page);
                  }
                  return "fetched " + pages;
                })
            .build();
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCalls(
                new ToolCall("a", "fetch", "{\"pages\": 3}"),
                new ToolCall("b", "fetch", "{\"pages\": 2}"))
            .text("Done.")
            .build();
    AssistantAgent agent = AssistantAgent.builder("reader").model(model).tools(fetch).build();

    AgentResponse response = agent.run("Fetch");

    List<AgentEvent> events = response.events();
    List<AgentEvent.ToolProgress> progress =
        events.stream()
            .filter(AgentEvent.ToolProgress.class::isInstance)
            .map(AgentEvent.ToolProgress.class::cast)
            .toList();
    assertThat(progress).hasSize(5);
    assertThat(progress.stream().filter(p -> p.callId().equals("a")))
        .extracting(AgentEvent.ToolProgress::message)
        .containsExactly("page 1", "page 2", "page 3");
    assertThat(progress.stream().filter(p -> p.callId().equals("b")))
        .extracting(AgentEvent.ToolProgress::progress, AgentEvent.ToolProgress::total)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1.0, 2.0),
            org.assertj.core.groups.Tuple.tuple(2.0, 2.0));
    assertThat(progress).allSatisfy(p -> assertThat(p.tool()).isEqualTo("fetch"));
    assertThat(progress).allSatisfy(p -> assertThat(p.source()).isEqualTo("reader"));
    int requested = indexOf(events, AgentEvent.ToolCallsRequested.class);
    int executed = indexOf(events, AgentEvent.ToolCallsExecuted.class);
    assertThat(events.subList(requested + 1, executed)).hasSize(5).containsAll(progress);
  }

  private static int indexOf(List<AgentEvent> events, Class<?> kind) {
    for (int i = 0; i < events.size(); i++) {
      if (kind.isInstance(events.get(i))) {
        return i;
      }
    }
    throw new AssertionError("no " + kind.getSimpleName() + " in " + events);
  }

  @Test
  void aChangedToolSourceIsTakenBeforeTheNextModelCallAndARemovedToolIsUnknown() {
    AtomicReference<List<Tool>> served =
        new AtomicReference<>(List.of(tool("old_tool", "old"), tool("swap", "swapped")));
    Tool swap =
        Tool.builder("swap")
            .description("Swaps the tools")
            .function(
                (arguments, context) -> {
                  served.set(List.of(tool("new_tool", "new"), served.get().get(1)));
                  return "swapped";
                })
            .build();
    served.set(List.of(tool("old_tool", "old"), swap));
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCall("swap", "{}")
            .toolCall("old_tool", "{}")
            .toolCall("new_tool", "{}")
            .text("Done.")
            .build();
    AssistantAgent agent =
        AssistantAgent.builder("worker")
            .model(model)
            .tool(tool("fixed", "always"))
            .tools(served::get)
            .build();

    AgentResponse response = agent.run("Go");

    List<ChatRequest> requests = model.requests();
    assertThat(offered(requests.get(0))).containsExactly("fixed", "old_tool", "swap");
    assertThat(offered(requests.get(1))).containsExactly("fixed", "new_tool", "swap");
    assertThat(agent.toolNames()).containsExactly("fixed", "new_tool", "swap");
    List<AgentEvent.ToolCallsExecuted> executed =
        response.events().stream()
            .filter(AgentEvent.ToolCallsExecuted.class::isInstance)
            .map(AgentEvent.ToolCallsExecuted.class::cast)
            .toList();
    assertThat(executed.get(1).results().get(0).error()).isTrue();
    assertThat(executed.get(1).results().get(0).content())
        .contains("unknown tool 'old_tool'")
        .contains("new_tool");
    assertThat(executed.get(2).results().get(0).error()).isFalse();
    assertThat(executed.get(2).results().get(0).content()).isEqualTo("new");
  }

  @Test
  void aSourceThatFailsOrClashesLeavesTheToolsAsTheyWere() {
    AtomicReference<List<Tool>> served = new AtomicReference<>(List.of(tool("a", "1")));
    ReplayChatModel model =
        ReplayChatModel.builder().toolCall("a", "{}").toolCall("a", "{}").text("Done.").build();
    AssistantAgent agent =
        AssistantAgent.builder("worker")
            .model(model)
            .tool(tool("fixed", "always"))
            .tools(
                () -> {
                  List<Tool> now = served.get();
                  if (now == null) {
                    throw new IllegalStateException("server gone");
                  }
                  return now;
                })
            .tools(
                () -> {
                  // After the first model call, this source serves a tool clashing with "fixed".
                  return model.requests().isEmpty() ? List.of() : List.of(tool("fixed", "x"));
                })
            .build();
    served.set(null);

    AgentResponse response = agent.run("Go");

    assertThat(model.requests())
        .allSatisfy(request -> assertThat(offered(request)).containsExactly("fixed", "a"));
    assertThat(response.message().toText()).isEqualTo("Done.");
  }
}
