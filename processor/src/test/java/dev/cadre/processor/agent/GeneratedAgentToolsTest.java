package dev.cadre.processor.agent;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.tool.ToolResult;
import dev.cadre.tool.ToolSpec;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * TOOL STEP: runs the representative agent with its tool holders. Its {@code <Holder>_Tools}
 * classes come from the tool step when one is registered with the processor, and from the
 * hand-written stand-ins in {@link WeatherBotSources} until then; so this test checks the agent
 * step against the contract now, and both steps together once the tool step is merged.
 */
@Tag("tool-step")
class GeneratedAgentToolsTest {

  private static ClassLoader loader;

  @BeforeAll
  static void compileAgent() {
    Compilation compilation = WeatherBotSources.compile();
    assertThat(compilation).succeededWithoutWarnings();
    loader = AgentCompiler.classLoader(compilation);
  }

  @Test
  void agentCallsItsToolsAndAnswers() throws Exception {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCall("weather", "{\"city\":\"Paris\"}")
            .streamed("Paris is ", "sunny.")
            .build();
    Object builder = builder();
    invoke(
        builder,
        "model",
        new Class<?>[] {String.class, dev.cadre.model.ChatModel.class},
        "fast",
        model);
    invoke(
        builder, "weatherTools", new Class<?>[] {holderClass()}, holder(Map.of("Paris", "sunny")));
    Object bot = invoke(builder, "build", new Class<?>[0]);

    Object answer = invoke(bot, "weather", new Class<?>[] {String.class}, "Paris");

    assertThat(answer).isEqualTo("Paris is sunny.");
    ChatRequest first = model.requests().get(0);
    assertThat(first.tools())
        .extracting(ToolSpec::name)
        .containsExactly("weather", "fahrenheit", "transfer_to_billing");
    assertThat(first.temperature()).isEqualTo(0.2);
    ChatRequest second = model.requests().get(1);
    ChatMessage.ToolResults results =
        (ChatMessage.ToolResults) second.messages().get(second.messages().size() - 1);
    assertThat(results.results()).extracting(ToolResult::content).containsExactly("sunny");
  }

  @Test
  void buildNamesTheMissingModelAndToolHolderTogether() throws Exception {
    Object builder = builder();
    invoke(
        builder,
        "model",
        new Class<?>[] {dev.cadre.model.ChatModel.class},
        ReplayChatModel.ofTexts("x"));

    assertThatThrownBy(() -> invoke(builder, "build", new Class<?>[0]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "agent 'weather_bot' (CadreWeatherBot) cannot be built without model(\"fast\","
                + " ChatModel), weatherTools(WeatherTools); call those builder methods before"
                + " build()");
  }

  private static Object builder() throws Exception {
    return loader.loadClass("com.acme.weather.CadreWeatherBot").getMethod("builder").invoke(null);
  }

  private static Class<?> holderClass() throws ClassNotFoundException {
    return loader.loadClass("com.acme.weather.WeatherTools");
  }

  private static Object holder(Map<String, String> skies) throws Exception {
    return holderClass().getConstructor(Map.class).newInstance(skies);
  }

  private static Object invoke(Object target, String name, Class<?>[] types, Object... arguments)
      throws Exception {
    try {
      return target.getClass().getMethod(name, types).invoke(target, arguments);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }
}
