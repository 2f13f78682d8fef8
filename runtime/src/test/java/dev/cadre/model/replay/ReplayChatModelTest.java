package dev.cadre.model.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.FinishReason;
import dev.cadre.model.ModelException;
import dev.cadre.model.Usage;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import dev.cadre.tool.ToolCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayChatModelTest {

  private static ChatRequest ask(String text) {
    return ChatRequest.builder().message(ChatMessage.user(text)).build();
  }

  @Test
  void answersInScriptOrderAndRecordsRequests() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .text("one")
            .toolCalls(new ToolCall("c1", "lookup", "{\"q\":\"x\"}"))
            .build();

    assertThat(model.chat(ask("first")).text()).isEqualTo("one");
    ChatResponse second = model.chat(ask("second"));

    assertThat(second.toolCalls()).containsExactly(new ToolCall("c1", "lookup", "{\"q\":\"x\"}"));
    assertThat(second.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(model.requests()).containsExactly(ask("first"), ask("second"));
    assertThat(model.remaining()).isZero();
  }

  @Test
  void itsPositionIsItsStateAndLoadingItGoesOnAfterTheRepliesGiven() {
    ReplayChatModel first = ReplayChatModel.ofTexts("one", "two", "three");
    first.chat(ask("a"));
    first.chat(ask("b"));

    JsonNode position = first.saveState();
    ReplayChatModel again = ReplayChatModel.ofTexts("one", "two", "three");
    again.loadState(position);

    assertThat(position.toString())
        .isEqualTo("{\"format\":1,\"kind\":\"replay\",\"given\":2,\"replies\":3}");
    assertThat(again.remaining()).isEqualTo(1);
    assertThat(again.chat(ask("c")).text()).isEqualTo("three");
    assertThat(again.requests()).containsExactly(ask("c"));
    assertThatThrownBy(() -> again.chat(ask("d")))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("held 3 and this is request 4");
  }

  @Test
  void aPositionPastTheScriptOrOfAnotherKindIsRejectedAndTheModelStaysPut() {
    ReplayChatModel longer = ReplayChatModel.ofTexts("one", "two", "three");
    longer.chat(ask("a"));
    longer.chat(ask("b"));
    longer.chat(ask("c"));
    ReplayChatModel shorter = ReplayChatModel.ofTexts("one", "two");

    assertThatThrownBy(() -> shorter.loadState(longer.saveState()))
        .isInstanceOf(StateException.class)
        .hasMessage(
            "invalid state at 'given': 3 replies had been given, and this script holds only 2;"
                + " load it into the script it was saved from");
    assertThatThrownBy(() -> shorter.loadState(State.document("agent")))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("not a \"replay\" state");
    assertThat(shorter.remaining()).isEqualTo(2);
  }

  @Test
  void saysSoWhenTheScriptRunsOut() {
    ReplayChatModel model = ReplayChatModel.ofTexts("only");
    model.chat(ask("a"));

    assertThatThrownBy(() -> model.chat(ask("b")))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("replay")
        .hasMessageContaining("held 1")
        .hasMessageContaining("request 2");
  }

  @Test
  void streamsGivenChunksOrWords() {
    ReplayChatModel model =
        ReplayChatModel.builder().streamed("Hel", "lo!").text("two words").build();
    List<String> chunks = new ArrayList<>();

    ChatResponse first = model.stream(ask("a"), chunks::add, CancellationToken.none());
    assertThat(first.text()).isEqualTo("Hello!");
    assertThat(chunks).containsExactly("Hel", "lo!");

    chunks.clear();
    model.stream(ask("b"), chunks::add, CancellationToken.none());
    assertThat(chunks).containsExactly("two ", "words");
  }

  @Test
  void aDelayedReplyStopsWhenCancelled() throws Exception {
    ReplayChatModel model =
        ReplayChatModel.builder().text("late").delayed(Duration.ofMinutes(5)).build();
    CancellationToken token = new CancellationToken();

    CompletableFuture<ChatResponse> call =
        CompletableFuture.supplyAsync(() -> model.chat(ask("a"), token));
    while (model.requests().isEmpty()) {
      Thread.onSpinWait();
    }
    token.cancel();

    assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(CancelledException.class);
  }

  @Test
  void loadsAJsonLinesScript(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("script.jsonl");
    Files.writeString(
        file,
        String.join(
            "\n",
            "# a comment, then a blank line",
            "",
            "{\"tool_calls\":[{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Oslo\"}}]}",
            "{\"tool_calls\":[{\"id\":\"x\",\"name\":\"get_weather\",\"arguments\":\"{broken\"}]}",
            "{\"text\":\"Sunny.\",\"chunks\":[\"Sun\",\"ny.\"],\"usage\":{\"input\":3,\"output\":2}}",
            "{\"json\":{\"verdict\":\"ok\"},\"finish_reason\":\"length\",\"model\":\"m-1\"}"));

    ReplayChatModel model = ReplayChatModel.fromJsonLines(file);

    assertThat(model.chat(ask("1")).toolCalls())
        .containsExactly(new ToolCall("call_1_1", "get_weather", "{\"city\":\"Oslo\"}"));
    assertThat(model.chat(ask("2")).toolCalls())
        .containsExactly(new ToolCall("x", "get_weather", "{broken"));
    List<String> chunks = new ArrayList<>();
    ChatResponse third = model.stream(ask("3"), chunks::add, CancellationToken.none());
    assertThat(chunks).containsExactly("Sun", "ny.");
    assertThat(third.usage()).isEqualTo(new Usage(3, 2));
    ChatResponse fourth = model.chat(ask("4"));
    assertThat(fourth.text()).isEqualTo("{\"verdict\":\"ok\"}");
    assertThat(fourth.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(fourth.model()).isEqualTo("m-1");
  }

  @Test
  void aScriptLineMayGiveReasoningAndCacheCounts(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("script.jsonl");
    Files.writeString(
        file,
        "{\"text\":\"4\",\"reasoning\":\"2+2.\",\"usage\":{\"input\":100,\"output\":20,"
            + "\"reasoning\":15,\"cached\":64,\"cache_write\":8}}");

    ChatResponse reply = ReplayChatModel.fromJsonLines(file).chat(ask("?"));

    assertThat(reply.usage()).isEqualTo(new Usage(100, 20, 15, 64, 8));
    assertThat(reply.reasoningText()).isEqualTo("2+2.");
  }

  @Test
  void aBadScriptLineNamesTheFileAndLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.jsonl");
    Files.writeString(file, "{\"text\":\"fine\"}\n{\"text\": oops}\n");
    assertThatThrownBy(() -> ReplayChatModel.fromJsonLines(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.jsonl:2")
        .hasMessageContaining("not valid JSON");

    Files.writeString(file, "{\"usage\":{}}\n");
    assertThatThrownBy(() -> ReplayChatModel.fromJsonLines(file))
        .hasMessageContaining("bad.jsonl:1")
        .hasMessageContaining("\"text\", \"json\" or \"tool_calls\"");

    Files.writeString(file, "{\"text\":\"a\",\"chunks\":[\"b\"]}\n");
    assertThatThrownBy(() -> ReplayChatModel.fromJsonLines(file))
        .hasMessageContaining("add up to its text");
  }
}
