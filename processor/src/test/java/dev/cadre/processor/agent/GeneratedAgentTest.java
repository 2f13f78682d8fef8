package dev.cadre.processor.agent;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cadre.processor.agent.AgentCompiler.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ModelInfo;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.tool.ToolSpec;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs generated agents: compiles {@code @Agent} interfaces with the processor, loads the classes
 * the compilation made, builds them with a replay model and calls their entry methods. Only this
 * test reflects (the interfaces exist only inside the compilation); generated code does not.
 */
class GeneratedAgentTest {

  private static final JavaFileObject FORECASTER =
      source(
          "test.Forecaster",
          "package test;",
          "",
          "import dev.cadre.agent.AgentResponse;",
          "import dev.cadre.annotations.Agent;",
          "import dev.cadre.annotations.Prompt;",
          "import java.util.List;",
          "import java.util.concurrent.CompletableFuture;",
          "",
          "@Agent(",
          "    name = \"forecaster\",",
          "    description = \"Forecasts the weather\",",
          "    systemMessage = \"You forecast the weather.\",",
          "    temperature = 0.3,",
          "    handoffs = Billing.class)",
          "public interface Forecaster {",
          "  record Forecast(String city, int high, List<String> notes) {}",
          "",
          "  enum Sky { SUNNY, CLOUDY, RAIN }",
          "",
          "  @Prompt(\"What is the weather in {{ city }} over {{days}} days?\")",
          "  String weather(String city, int days);",
          "",
          "  @Prompt(\"Forecast for {{city}}\")",
          "  Forecast forecast(String city);",
          "",
          "  @Prompt(\"Sky over {{city}}\")",
          "  Sky sky(String city);",
          "",
          "  @Prompt(\"Later: {{city}}\")",
          "  CompletableFuture<String> later(String city);",
          "",
          "  @Prompt(\"Later forecast: {{city}}\")",
          "  CompletableFuture<Forecast> laterForecast(String city);",
          "",
          "  @Prompt(\"Raw {{city}}\")",
          "  AgentResponse raw(String city);",
          "",
          "  @Prompt(\"{{count}}{{count}} after {{previous}} for {{cities}}\")",
          "  String render(int count, Forecast previous, List<String> cities);",
          "",
          "  @Prompt(\"{{prompt}} {{response}}\")",
          "  CompletableFuture<Forecast> clash(String prompt, String response);",
          "}");

  private static final JavaFileObject BILLING =
      source(
          "test.Billing",
          "package test;",
          "",
          "@dev.cadre.annotations.Agent(description = \"Handles invoices\")",
          "public interface Billing {}");

  private static final JavaFileObject QUICK =
      source(
          "test.Quick",
          "package test;",
          "",
          "@dev.cadre.annotations.Agent(model = \"fast\")",
          "public interface Quick {",
          "  @dev.cadre.annotations.Prompt(\"Hi {{name}}\")",
          "  String hi(String name);",
          "}");

  private static Compilation compilation;
  private static ClassLoader loader;

  @BeforeAll
  static void compileAgents() {
    compilation = AgentCompiler.compile(FORECASTER, BILLING, QUICK);
    assertThat(compilation).succeededWithoutWarnings();
    loader = AgentCompiler.classLoader(compilation);
  }

  @Test
  void textEntryRendersThePromptAndReturnsTheText() throws Exception {
    ReplayChatModel model = ReplayChatModel.ofTexts("Sunny all week");
    Object forecaster = build("test.CadreForecaster", model);

    assertThat(call(forecaster, "weather", "Paris", 3)).isEqualTo("Sunny all week");

    ChatRequest request = model.lastRequest();
    assertThat(request.messages())
        .containsExactly(
            ChatMessage.system("You forecast the weather."),
            ChatMessage.user("What is the weather in Paris over 3 days?"));
    assertThat(request.temperature()).isEqualTo(0.3);
    assertThat(request.responseFormat()).isNull();
  }

  @Test
  void handoffsAreOfferedWithTheTargetsNameAndDescription() throws Exception {
    ReplayChatModel model = ReplayChatModel.ofTexts("ok");
    Object forecaster = build("test.CadreForecaster", model);

    call(forecaster, "weather", "Paris", 1);

    assertThat(model.lastRequest().tools())
        .extracting(ToolSpec::name, ToolSpec::description)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("transfer_to_billing", "Handles invoices"));
    AssistantAgent agent = (AssistantAgent) call(forecaster, "agent");
    assertThat(agent.name()).isEqualTo("forecaster");
    assertThat(agent.description()).isEqualTo("Forecasts the weather");
  }

  @Test
  void recordEntryParsesTheJsonAnswer() throws Exception {
    ReplayChatModel model =
        ReplayChatModel.ofTexts("{\"city\":\"Oslo\",\"high\":3,\"notes\":[\"snow\",\"wind\"]}");
    Object forecaster = build("test.CadreForecaster", model);

    Object forecast = call(forecaster, "forecast", "Oslo");

    assertThat(forecast.getClass().getName()).isEqualTo("test.Forecaster$Forecast");
    assertThat(forecast).hasToString("Forecast[city=Oslo, high=3, notes=[snow, wind]]");
    ChatRequest request = model.lastRequest();
    assertThat(request.messages()).last().isEqualTo(ChatMessage.user("Forecast for Oslo"));
    assertThat(request.responseFormat().name()).isEqualTo("Forecast");
    List<String> properties = new ArrayList<>();
    request
        .responseFormat()
        .schema()
        .path("properties")
        .fieldNames()
        .forEachRemaining(properties::add);
    assertThat(properties).containsExactly("city", "high", "notes");
  }

  @Test
  void enumEntryReadsTheWrappedValue() throws Exception {
    ReplayChatModel model = ReplayChatModel.ofTexts("{\"value\":\"RAIN\"}");
    Object forecaster = build("test.CadreForecaster", model);

    Object sky = call(forecaster, "sky", "Bergen");

    assertThat(sky.getClass().getName()).isEqualTo("test.Forecaster$Sky");
    assertThat(sky).hasToString("RAIN");
    assertThat(
            model.lastRequest().responseFormat().schema().at("/properties/value/enum").toString())
        .isEqualTo("[\"SUNNY\",\"CLOUDY\",\"RAIN\"]");
  }

  @Test
  void futureEntriesAnswerOnAnotherThread() throws Exception {
    ReplayChatModel model =
        ReplayChatModel.ofTexts("Later, rain", "{\"city\":\"Rome\",\"high\":30,\"notes\":[]}");
    Object forecaster = build("test.CadreForecaster", model);

    CompletableFuture<?> text = (CompletableFuture<?>) call(forecaster, "later", "Rome");
    assertThat(text.get(30, TimeUnit.SECONDS)).isEqualTo("Later, rain");
    CompletableFuture<?> forecast =
        (CompletableFuture<?>) call(forecaster, "laterForecast", "Rome");
    assertThat(forecast.get(30, TimeUnit.SECONDS))
        .hasToString("Forecast[city=Rome, high=30, notes=[]]");
    assertThat(model.requests())
        .extracting(request -> request.messages().get(request.messages().size() - 1))
        .contains(ChatMessage.user("Later: Rome"), ChatMessage.user("Later forecast: Rome"));
  }

  @Test
  void cancellingAFutureCancelsTheTurn() throws Exception {
    BlockingModel model = new BlockingModel();
    Object forecaster = build("test.CadreForecaster", model);

    CompletableFuture<?> future = (CompletableFuture<?>) call(forecaster, "later", "Rome");
    assertThat(model.started.await(30, TimeUnit.SECONDS)).isTrue();
    future.cancel(true);

    assertThat(model.cancelled.await(30, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
  }

  @Test
  void agentResponseEntryReturnsTheWholeTurn() throws Exception {
    ReplayChatModel model = ReplayChatModel.builder().usage(new Usage(12, 7)).text("Mild").build();
    Object forecaster = build("test.CadreForecaster", model);

    AgentResponse response = (AgentResponse) call(forecaster, "raw", "Nice");

    assertThat(response.text()).isEqualTo("Mild");
    assertThat(response.usage()).isEqualTo(new Usage(12, 7));
    assertThat(response.message().source()).isEqualTo("forecaster");
  }

  @Test
  void numbersConcatenateAndRecordsAndListsRenderAsJson() throws Exception {
    ReplayChatModel model = ReplayChatModel.ofTexts("ok", "ok");
    Object forecaster = build("test.CadreForecaster", model);
    Object previous =
        loader
            .loadClass("test.Forecaster$Forecast")
            .getDeclaredConstructor(String.class, int.class, List.class)
            .newInstance("Oslo", 3, List.of("snow"));

    call(forecaster, "render", 2, previous, List.of("Oslo", "Bergen"));
    call(forecaster, "render", 1, null, List.of());

    List<ChatRequest> requests = model.requests();
    assertThat(requests.get(0).messages())
        .last()
        .isEqualTo(
            ChatMessage.user(
                "22 after {\"city\":\"Oslo\",\"high\":3,\"notes\":[\"snow\"]} for"
                    + " [\"Oslo\",\"Bergen\"]"));
    assertThat(requests.get(1).messages())
        .last()
        .isEqualTo(ChatMessage.user("11 after null for []"));
  }

  @Test
  void parametersMayBeNamedLikeTheGeneratedLocals() throws Exception {
    ReplayChatModel model = ReplayChatModel.ofTexts("{\"city\":\"A\",\"high\":1,\"notes\":[]}");
    Object forecaster = build("test.CadreForecaster", model);

    CompletableFuture<?> future = (CompletableFuture<?>) call(forecaster, "clash", "p", "r");

    assertThat(future.get(30, TimeUnit.SECONDS)).hasToString("Forecast[city=A, high=1, notes=[]]");
    assertThat(model.lastRequest().messages()).last().isEqualTo(ChatMessage.user("p r"));
  }

  @Test
  void buildWithoutAModelNamesIt() throws Exception {
    Object builder = loader.loadClass("test.CadreForecaster").getMethod("builder").invoke(null);

    assertThatThrownBy(() -> call(builder, "build"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "agent 'forecaster' (CadreForecaster) cannot be built without model(ChatModel); call"
                + " those builder methods before build()");
  }

  @Test
  void agentWithAModelKeyNeedsThatModel() throws Exception {
    ReplayChatModel fast = ReplayChatModel.ofTexts("Hello, Ada");
    Object builder = loader.loadClass("test.CadreQuick").getMethod("builder").invoke(null);
    call(builder, "model", ReplayChatModel.ofTexts("unused"));

    assertThatThrownBy(() -> call(builder, "build"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot be built without model(\"fast\", ChatModel)");

    call(builder, "model", "fast", fast);
    Object quick = call(builder, "build");
    assertThat(call(quick, "hi", "Ada")).isEqualTo("Hello, Ada");
    assertThat(fast.lastRequest().messages()).last().isEqualTo(ChatMessage.user("Hi Ada"));
  }

  @Test
  void generatedSourcesUseNoReflection() throws IOException {
    List<JavaFileObject> sources = AgentCompiler.generatedSources(compilation);
    assertThat(sources).hasSize(3);
    for (JavaFileObject file : sources) {
      assertThat(file.getCharContent(true).toString())
          .as(file.getName())
          .doesNotContain("java.lang.reflect")
          .doesNotContain("getClass()")
          .doesNotContain("Class.forName");
    }
  }

  private static Object build(String className, ChatModel model) throws Exception {
    Object builder = loader.loadClass(className).getMethod("builder").invoke(null);
    call(builder, "model", model);
    return call(builder, "build");
  }

  /** Calls the public method {@code name} whose parameter count matches. */
  private static Object call(Object target, String name, Object... arguments) throws Exception {
    for (Method method : target.getClass().getMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == arguments.length) {
        if (arguments.length == 1
            && !method.getParameterTypes()[0].isPrimitive()
            && arguments[0] != null
            && !method.getParameterTypes()[0].isInstance(arguments[0])) {
          continue;
        }
        try {
          return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
          if (e.getCause() instanceof Exception cause) {
            throw cause;
          }
          throw e;
        }
      }
    }
    throw new AssertionError("no method " + name + " on " + target.getClass());
  }

  /** A model whose calls wait until they are cancelled. */
  private static final class BlockingModel implements ChatModel {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch cancelled = new CountDownLatch(1);

    @Override
    public ModelInfo info() {
      return ModelInfo.capable("blocking");
    }

    @Override
    public ChatResponse chat(ChatRequest request, CancellationToken cancellation) {
      CountDownLatch wake = new CountDownLatch(1);
      try (CancellationToken.Registration ignored = cancellation.onCancel(wake::countDown)) {
        started.countDown();
        wake.await();
        cancelled.countDown();
        throw new CancelledException("cancelled");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancelledException("interrupted");
      }
    }
  }
}
