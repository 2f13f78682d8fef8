package dev.cadre.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.AgentId;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.InProcessRuntime;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.tool.Tool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An assistant hosted on the runtime: cancelling a send reaches through the agent into the model
 * call and the tool it is running.
 */
@Timeout(30)
class AgentOnRuntimeTest {

  private final InProcessRuntime runtime = new InProcessRuntime();
  private final AgentId assistantId = new AgentId("assistant", "session-1");

  @AfterEach
  void close() {
    runtime.close();
  }

  private void host(AssistantAgent assistant) {
    runtime.register(
        "assistant",
        (id, rt) ->
            (message, context) ->
                assistant
                    .onMessages(List.of((AgentMessage) message), context.cancellation(), e -> {})
                    .message());
  }

  @Test
  void answersASendWithItsMessage() throws Exception {
    host(AssistantAgent.builder("helper").model(ReplayChatModel.ofTexts("Hello.")).build());

    AgentMessage reply =
        runtime.<AgentMessage>send(AgentMessage.user("Hi"), assistantId).get(10, TimeUnit.SECONDS);

    assertThat(reply).isEqualTo(new AgentMessage.Text("helper", "Hello."));
  }

  @Test
  void cancellingTheSendStopsASlowModelCall() throws Exception {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .text("too late")
            .delayed(Duration.ofMinutes(5))
            .text("Ready again.")
            .build();
    host(AssistantAgent.builder("thinker").model(model).build());
    CancellationToken token = new CancellationToken();

    CompletableFuture<Object> reply =
        runtime.send(AgentMessage.user("Think hard"), assistantId, null, token);
    while (model.requests().isEmpty()) {
      Thread.onSpinWait();
    }
    token.cancel();

    assertThatThrownBy(() -> reply.get(10, TimeUnit.SECONDS))
        .isInstanceOfAny(CancellationException.class, ExecutionException.class);
    assertThat(reply.isCancelled() || reply.isCompletedExceptionally()).isTrue();
    // The agent handles one message at a time, so this answer proves its cancelled handler returned.
    AgentMessage next =
        runtime.<AgentMessage>send(AgentMessage.user("Still there?"), assistantId)
            .get(10, TimeUnit.SECONDS);
    assertThat(next.content()).isEqualTo("Ready again.");
  }

  @Test
  void cancellingTheSendStopsASlowTool() throws Exception {
    CountDownLatch toolStarted = new CountDownLatch(1);
    CountDownLatch toolInterrupted = new CountDownLatch(1);
    Tool slow =
        Tool.builder("crawl")
            .description("Crawls the whole web")
            .function(
                (arguments, context) -> {
                  toolStarted.countDown();
                  try {
                    Thread.sleep(Duration.ofMinutes(5).toMillis());
                  } catch (InterruptedException e) {
                    toolInterrupted.countDown();
                    throw e;
                  }
                  return "done";
                })
            .build();
    ReplayChatModel model =
        ReplayChatModel.builder().toolCall("crawl", "{}").text("crawled").build();
    host(AssistantAgent.builder("crawler").model(model).tool(slow).build());
    CancellationToken token = new CancellationToken();

    CompletableFuture<Object> reply =
        runtime.send(AgentMessage.user("Crawl"), assistantId, null, token);
    assertThat(toolStarted.await(10, TimeUnit.SECONDS)).isTrue();
    token.cancel();

    assertThat(toolInterrupted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(reply).isCompletedExceptionally();
    assertThat(model.requests()).hasSize(1);
  }
}
