package dev.cadre.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ModelInfo;
import dev.cadre.model.ToolChoice;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import dev.cadre.tool.ToolSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AssistantAgentTest {

  private static ObjectNode schema(String json) {
    try {
      return (ObjectNode) Json.parse(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static final ObjectNode CITY =
      schema(
          "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
              + "\"required\":[\"city\"],\"additionalProperties\":false}");

  private static Tool weather(AtomicInteger calls) {
    return Tool.of(
        new ToolSpec("get_weather", "Current weather for a city", CITY),
        (args, ctx) -> {
          calls.incrementAndGet();
          return "Sunny, 21C in " + args.get("city").asText();
        });
  }

  private static Tool forecast() {
    return Tool.of(
        new ToolSpec("get_forecast", "Tomorrow's weather for a city", CITY),
        (args, ctx) -> "Rain tomorrow in " + args.get("city").asText());
  }

  private static ToolCall call(String id, String name, String arguments) {
    return new ToolCall(id, name, arguments);
  }

  @Test
  void answersWithTextWhenTheModelCallsNoTool() {
    ReplayChatModel model = ReplayChatModel.ofTexts("Hello there.");
    AssistantAgent agent =
        AssistantAgent.builder("greeter").systemMessage("Be brief.").model(model).build();

    AgentResponse response = agent.run("Hi!");

    assertThat(response.message()).isEqualTo(new AgentMessage.Text("greeter", "Hello there."));
    assertThat(model.lastRequest().messages())
        .containsExactly(ChatMessage.system("Be brief."), ChatMessage.user("Hi!"));
    assertThat(model.lastRequest().tools()).isEmpty();
  }

  @Test
  void aToolThatCallsItsOwnAgentBackGetsAnErrorInsteadOfReenteringTheTurn() {
    java.util.concurrent.atomic.AtomicReference<AssistantAgent> self =
        new java.util.concurrent.atomic.AtomicReference<>();
    Tool echo =
        Tool.of(
            new ToolSpec("ask_myself", "Asks this agent again", CITY),
            (args, ctx) -> self.get().run("again?").text());
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCalls(call("c1", "ask_myself", "{\"city\":\"Paris\"}"))
            .text("Done.")
            .build();
    AssistantAgent agent = AssistantAgent.builder("narcissus").model(model).tools(echo).build();
    self.set(agent);

    AgentResponse response = agent.run("Go.");

    assertThat(response.text()).isEqualTo("Done.");
    ChatMessage.ToolResults results =
        (ChatMessage.ToolResults) model.lastRequest().messages().get(3);
    assertThat(results.results().get(0).error()).isTrue();
    assertThat(results.results().get(0).content())
        .contains("agent 'narcissus' cannot be asked from within its own turn");
    // The conversation holds one task, not two tangled ones.
    assertThat(model.requests()).hasSize(2);
  }

  @Test
  void usesToolsOverSeveralStepsAndFeedsResultsBack() {
    AtomicInteger weatherCalls = new AtomicInteger();
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCalls(call("c1", "get_weather", "{\"city\":\"Paris\"}"))
            .toolCalls(call("c2", "get_forecast", "{\"city\":\"Paris\"}"))
            .text("Sunny today, rain tomorrow.")
            .build();
    AssistantAgent agent =
        AssistantAgent.builder("forecaster")
            .model(model)
            .tools(weather(weatherCalls), forecast())
            .build();

    AgentResponse response = agent.run("Weather in Paris?");

    assertThat(response.text()).isEqualTo("Sunny today, rain tomorrow.");
    assertThat(weatherCalls).hasValue(1);
    assertThat(model.requests()).hasSize(3);
    ChatRequest last = model.lastRequest();
    assertThat(last.tools())
        .extracting(ToolSpec::name)
        .containsExactly("get_weather", "get_forecast");
    assertThat(last.messages())
        .containsSubsequence(
            ChatMessage.user("Weather in Paris?"),
            new ChatMessage.ToolResults(
                List.of(new ToolResult("c1", "get_weather", "Sunny, 21C in Paris", false))),
            new ChatMessage.ToolResults(
                List.of(new ToolResult("c2", "get_forecast", "Rain tomorrow in Paris", false))));
    assertThat(response.events())
        .map(e -> e.getClass().getSimpleName())
        .containsExactly(
            "ModelUsage",
            "ToolCallsRequested",
            "ToolCallsExecuted",
            "ModelUsage",
            "ToolCallsRequested",
            "ToolCallsExecuted",
            "ModelUsage",
            "Answered");
    assertThat(response.usage()).isEqualTo(new Usage(30, 15));
  }

  @Test
  void runsParallelToolCallsConcurrentlyAndKeepsTheirOrder() {
    CyclicBarrier bothRunning = new CyclicBarrier(2);
    Tool meet =
        Tool.of(
            new ToolSpec("meet", "waits for the other call", CITY),
            (args, ctx) -> {
              bothRunning.await(10, TimeUnit.SECONDS);
              return "met in " + args.get("city").asText();
            });
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCalls(
                call("a", "meet", "{\"city\":\"Oslo\"}"), call("b", "meet", "{\"city\":\"Rome\"}"))
            .text("Both met.")
            .build();
    AssistantAgent agent = AssistantAgent.builder("host").model(model).tool(meet).build();

    AgentResponse response = agent.run("Meet twice");

    assertThat(response.text()).isEqualTo("Both met.");
    ChatMessage.ToolResults results =
        (ChatMessage.ToolResults) model.lastRequest().messages().get(3);
    assertThat(results.results())
        .containsExactly(
            new ToolResult("a", "meet", "met in Oslo", false),
            new ToolResult("b", "meet", "met in Rome", false));
  }

  @Test
  void aToolThatThrowsAnUnknownToolAndBadArgumentsGoBackToTheModel() {
    Tool broken =
        Tool.of(
            new ToolSpec("broken", "always fails", CITY),
            (args, ctx) -> {
              throw new IllegalStateException("database is down");
            });
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCalls(
                call("t1", "broken", "{\"city\":\"Oslo\"}"),
                call("t2", "launch_rockets", "{}"),
                call("t3", "get_weather", "{city: Oslo"),
                call("t4", "get_weather", "{}"))
            .text("I could not get the weather.")
            .build();
    AssistantAgent agent =
        AssistantAgent.builder("robust")
            .model(model)
            .tools(broken, weather(new AtomicInteger()))
            .build();

    AgentResponse response = agent.run("Weather?");

    assertThat(response.text()).isEqualTo("I could not get the weather.");
    List<ToolResult> results =
        ((ChatMessage.ToolResults) model.lastRequest().messages().get(3)).results();
    assertThat(results).allMatch(ToolResult::error);
    assertThat(results.get(0).content()).contains("broken", "database is down");
    assertThat(results.get(1).content()).contains("launch_rockets", "get_weather", "broken");
    assertThat(results.get(2).content()).containsIgnoringCase("json");
    assertThat(results.get(3).content()).contains("city");
  }

  @Test
  void stopsAtTheIterationLimitWithTheToolResults() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCalls(call("1", "get_weather", "{\"city\":\"Oslo\"}"))
            .toolCalls(call("2", "get_weather", "{\"city\":\"Oslo\"}"))
            .toolCalls(call("3", "get_weather", "{\"city\":\"Oslo\"}"))
            .build();
    AtomicInteger calls = new AtomicInteger();
    AssistantAgent agent =
        AssistantAgent.builder("looper")
            .model(model)
            .tool(weather(calls))
            .maxToolIterations(2)
            .build();

    AgentResponse response = agent.run("Weather?");

    assertThat(response.message()).isInstanceOf(AgentMessage.ToolCallSummary.class);
    assertThat(response.text()).isEqualTo("Sunny, 21C in Oslo");
    assertThat(calls).hasValue(2);
    assertThat(model.requests()).hasSize(2);
    assertThat(model.remaining()).isEqualTo(1);
  }

  @Test
  void reflectsAtTheIterationLimitWithToolsSwitchedOff() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCalls(call("1", "get_weather", "{\"city\":\"Oslo\"}"))
            .text("It is sunny in Oslo.")
            .build();
    AssistantAgent agent =
        AssistantAgent.builder("reflector")
            .model(model)
            .tool(weather(new AtomicInteger()))
            .maxToolIterations(1)
            .reflectOnToolUse(true)
            .build();

    AgentResponse response = agent.run("Weather?");

    assertThat(response.message())
        .isEqualTo(new AgentMessage.Text("reflector", "It is sunny in Oslo."));
    assertThat(model.requests().get(0).toolChoice()).isNull();
    assertThat(model.lastRequest().toolChoice()).isEqualTo(ToolChoice.NONE);
  }

  record Verdict(String decision, int confidence) {}

  @Test
  void parsesStructuredOutput() {
    ReplayChatModel model = ReplayChatModel.ofTexts("{\"decision\":\"approve\",\"confidence\":9}");
    AssistantAgent agent =
        AssistantAgent.builder("judge").model(model).outputType(Verdict.class).build();

    AgentResponse response = agent.run("Approve the PR?");

    assertThat(response.value(Verdict.class)).isEqualTo(new Verdict("approve", 9));
    assertThat(response.message()).isInstanceOf(AgentMessage.Structured.class);
    assertThat(model.lastRequest().responseFormat().name()).isEqualTo("Verdict");
    assertThat(model.lastRequest().responseFormat().schema().path("required").toString())
        .isEqualTo("[\"decision\",\"confidence\"]");
  }

  @Test
  void aTurnCanAnswerInAnotherTypeThanTheAgentsDefault() {
    ReplayChatModel model =
        ReplayChatModel.ofTexts("{\"decision\":\"reject\",\"confidence\":3}", "Plain text again.");
    AssistantAgent agent = AssistantAgent.builder("judge").model(model).build();

    AgentResponse verdict =
        agent.onMessages(
            List.of(AgentMessage.user("Approve?")),
            StructuredOutput.of(Verdict.class),
            CancellationToken.none(),
            e -> {});
    AgentResponse text = agent.run("Why?");

    assertThat(verdict.value(Verdict.class)).isEqualTo(new Verdict("reject", 3));
    assertThat(model.requests().get(0).responseFormat().name()).isEqualTo("Verdict");
    assertThat(text.text()).isEqualTo("Plain text again.");
    assertThat(model.lastRequest().responseFormat()).isNull();
  }

  enum Sentiment {
    POSITIVE,
    NEGATIVE
  }

  @Test
  void asksForANonObjectTypeAsTheValueOfAnObject() {
    ReplayChatModel model = ReplayChatModel.ofTexts("{\"value\":\"NEGATIVE\"}");
    AssistantAgent agent =
        AssistantAgent.builder("mood").model(model).outputType(Sentiment.class).build();

    AgentResponse response = agent.run("This build is broken again.");

    assertThat(response.value(Sentiment.class)).isEqualTo(Sentiment.NEGATIVE);
    ObjectNode schema = model.lastRequest().responseFormat().schema();
    assertThat(schema.path("type").asText()).isEqualTo("object");
    assertThat(schema.path("properties").path("value").path("enum").toString())
        .isEqualTo("[\"POSITIVE\",\"NEGATIVE\"]");
  }

  @Test
  void repairsStructuredOutputOnceWithTheError() {
    ReplayChatModel model =
        ReplayChatModel.ofTexts(
            "Sure! The decision is approve.",
            "```json\n{\"decision\":\"approve\",\"confidence\":7}\n```");
    AssistantAgent agent =
        AssistantAgent.builder("judge").model(model).outputType(Verdict.class).build();

    AgentResponse response = agent.run("Approve the PR?");

    assertThat(response.value(Verdict.class)).isEqualTo(new Verdict("approve", 7));
    List<ChatMessage> second = model.lastRequest().messages();
    assertThat(second.get(second.size() - 2))
        .isEqualTo(new ChatMessage.Assistant("Sure! The decision is approve.", List.of(), "judge"));
    assertThat(((ChatMessage.User) second.get(second.size() - 1)).content())
        .contains("not valid JSON", "Verdict");
  }

  @Test
  void anAnswerWithTextAfterItsJsonIsRepairedNotCutShort() {
    ReplayChatModel model =
        ReplayChatModel.ofTexts(
            "{\"decision\":\"approve\",\"confidence\":9}"
                + " {\"decision\":\"reject\",\"confidence\":9}",
            "{\"decision\":\"reject\",\"confidence\":8}");
    AssistantAgent agent =
        AssistantAgent.builder("judge").model(model).outputType(Verdict.class).build();

    AgentResponse response = agent.run("Approve the PR?");

    assertThat(response.value(Verdict.class)).isEqualTo(new Verdict("reject", 8));
    List<ChatMessage> second = model.lastRequest().messages();
    assertThat(((ChatMessage.User) second.get(second.size() - 1)).content())
        .contains("not valid JSON", "unexpected text after the JSON value");
  }

  @Test
  void failsStructuredOutputClearlyAfterOneRepair() {
    ReplayChatModel model =
        ReplayChatModel.ofTexts("not json", "{\"decision\":\"approve\",\"confidence\":\"high\"}");
    AssistantAgent agent =
        AssistantAgent.builder("judge").model(model).outputType(Verdict.class).build();

    assertThatThrownBy(() -> agent.run("Approve the PR?"))
        .isInstanceOf(StructuredOutputException.class)
        .hasMessageContaining("judge")
        .hasMessageContaining("Verdict")
        .hasMessageContaining("confidence")
        .hasMessageContaining("\"high\"");
    assertThat(model.requests()).hasSize(2);
  }

  @Test
  void handsOffThroughATransferTool() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCalls(call("h1", "transfer_to_billing", "{}"))
            .build();
    AssistantAgent agent =
        AssistantAgent.builder("triage")
            .model(model)
            .handoff("billing", "Payment and invoice questions")
            .build();

    AgentResponse response = agent.run("I was charged twice");

    assertThat(response.isHandoff()).isTrue();
    AgentMessage.Handoff handoff = (AgentMessage.Handoff) response.message();
    assertThat(handoff.target()).isEqualTo("billing");
    // Nothing but the handoff led to it, so the receiver is told nothing more (as in AutoGen).
    assertThat(handoff.context()).isEmpty();
    ToolSpec transfer = model.lastRequest().tools().get(0);
    assertThat(transfer.name()).isEqualTo("transfer_to_billing");
    assertThat(transfer.description()).isEqualTo("Payment and invoice questions");
  }

  @Test
  void handoffTargetReceivesTheContextThatLedToIt() {
    AgentMessage.Handoff handoff =
        new AgentMessage.Handoff(
            "triage",
            "billing",
            "Transferred to billing.",
            List.of(
                new ChatMessage.Assistant(
                    null, List.of(call("h1", "transfer_to_billing", "{}")), "triage"),
                new ChatMessage.ToolResults(
                    List.of(new ToolResult("h1", "transfer_to_billing", "ok", false)))));
    ReplayChatModel model = ReplayChatModel.ofTexts("Refund issued.");
    AssistantAgent billing =
        AssistantAgent.builder("billing").systemMessage(null).model(model).build();

    billing.onMessages(
        List.of(AgentMessage.user("I was charged twice"), handoff),
        CancellationToken.none(),
        e -> {});

    assertThat(model.lastRequest().messages())
        .containsExactly(
            ChatMessage.user("I was charged twice"),
            handoff.context().get(0),
            handoff.context().get(1),
            new ChatMessage.User("Transferred to billing.", "triage"));
  }

  @Test
  void streamsTextChunksAndTotalsUsage() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .usage(new Usage(100, 20))
            .toolCall("get_weather", "{\"city\":\"Oslo\"}")
            .streamed("It is ", "sunny ", "in Oslo.")
            .build();
    List<AgentEvent> seen = new CopyOnWriteArrayList<>();
    AssistantAgent agent =
        AssistantAgent.builder("streamer")
            .model(model)
            .tool(weather(new AtomicInteger()))
            .streaming(true)
            .build();

    AgentResponse response = agent.run("Weather?", seen::add);

    assertThat(seen).isEqualTo(response.events());
    assertThat(seen)
        .filteredOn(AgentEvent.TextChunk.class::isInstance)
        .extracting(e -> ((AgentEvent.TextChunk) e).text())
        .containsExactly("It is ", "sunny ", "in Oslo.");
    AgentEvent.Answered answered = (AgentEvent.Answered) seen.get(seen.size() - 1);
    assertThat(answered.totalUsage()).isEqualTo(new Usage(200, 40));
    assertThat(response.usage()).isEqualTo(new Usage(200, 40));
  }

  @Test
  void remembersTheConversationAcrossTurnsUntilReset() {
    ReplayChatModel model =
        ReplayChatModel.ofTexts("Hi Ann.", "Your name is Ann.", "I don't know.");
    AssistantAgent agent = AssistantAgent.builder("memo").systemMessage(null).model(model).build();

    agent.run("I am Ann.");
    agent.run("What is my name?");
    assertThat(model.lastRequest().messages()).hasSize(3);

    agent.reset();
    agent.run("What is my name?");
    assertThat(model.lastRequest().messages())
        .containsExactly(ChatMessage.user("What is my name?"));
  }

  @Test
  void cancellationStopsASlowModelCall() throws Exception {
    ReplayChatModel model =
        ReplayChatModel.builder().text("too late").delayed(Duration.ofMinutes(5)).build();
    AssistantAgent agent = AssistantAgent.builder("slow").model(model).build();
    CancellationToken token = new CancellationToken();

    Thread canceller = cancelWhen(() -> !model.requests().isEmpty(), token);
    assertThatThrownBy(
            () -> agent.onMessages(List.of(AgentMessage.user("hi")), token, e -> {}))
        .isInstanceOf(CancelledException.class);
    canceller.join();
  }

  @Test
  void cancellationStopsASlowToolAndKeepsTheHistoryValid() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch toolSawCancel = new CountDownLatch(1);
    Tool slow =
        Tool.of(
            new ToolSpec("slow", "takes forever", CITY),
            (args, ctx) -> {
              ctx.cancellation().onCancel(toolSawCancel::countDown);
              started.countDown();
              Thread.sleep(Duration.ofMinutes(5).toMillis());
              return "done";
            });
    ReplayChatModel model =
        ReplayChatModel.builder().toolCall("slow", "{\"city\":\"Oslo\"}").text("after").build();
    AssistantAgent agent = AssistantAgent.builder("patient").model(model).tool(slow).build();
    CancellationToken token = new CancellationToken();

    Thread canceller = cancelWhen(() -> started.getCount() == 0, token);
    assertThatThrownBy(
            () -> agent.onMessages(List.of(AgentMessage.user("go")), token, e -> {}))
        .isInstanceOf(CancelledException.class);
    canceller.join();

    assertThat(toolSawCancel.await(10, TimeUnit.SECONDS)).isTrue();
    List<ChatMessage> history = agent.context().history();
    assertThat(history.get(history.size() - 1))
        .isInstanceOfSatisfying(
            ChatMessage.ToolResults.class,
            r -> assertThat(r.results()).allMatch(ToolResult::error));
    // The next turn goes on from a history a provider accepts.
    agent.run("try again");
    assertThat(model.lastRequest().messages()).last().isEqualTo(ChatMessage.user("try again"));
  }

  @Test
  void refusesToolsOnAModelThatCannotCallThem() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .info(new ModelInfo("tiny", false, false, false, false, 2048))
            .build();

    assertThatThrownBy(
            () -> AssistantAgent.builder("a").model(model).tool(forecast()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agent 'a'")
        .hasMessageContaining("tiny");
    assertThatThrownBy(() -> AssistantAgent.builder("bad name!"))
        .hasMessageContaining("bad name!");
  }

  /** Cancels {@code token} from another thread once {@code ready} holds. */
  private static Thread cancelWhen(java.util.function.BooleanSupplier ready, CancellationToken token) {
    Thread thread =
        new Thread(
            () -> {
              long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
              while (!ready.getAsBoolean() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
              }
              token.cancel();
            });
    thread.start();
    return thread;
  }
}
