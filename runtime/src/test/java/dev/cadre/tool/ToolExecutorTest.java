package dev.cadre.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ToolExecutorTest {

  enum Unit {
    CELSIUS,
    FAHRENHEIT
  }

  record Forecast(String city, int days, Optional<Unit> unit) {}

  record Report(String city, int temperature) {}

  private final AtomicInteger weatherCalls = new AtomicInteger();

  private final Tool weather =
      Tool.fromRecord(
          "get_weather",
          "Weather forecast",
          Forecast.class,
          forecast -> {
            weatherCalls.incrementAndGet();
            return forecast.days()
                + " days in "
                + forecast.city()
                + " in "
                + forecast.unit().orElse(Unit.CELSIUS);
          });

  private static ToolCall call(String id, String name, String arguments) {
    return new ToolCall(id, name, arguments);
  }

  private static Tool tool(String name, ToolFunction function) {
    return Tool.builder(name).function(function).build();
  }

  private static boolean await(CountDownLatch latch) throws InterruptedException {
    return latch.await(10, TimeUnit.SECONDS);
  }

  @Test
  void runsAToolWithParsedArguments() {
    ToolExecutor executor = new ToolExecutor(List.of(weather));

    ToolResult result =
        executor.execute(
            call("c1", "get_weather", "{\"city\":\"Oslo\",\"days\":3,\"unit\":\"FAHRENHEIT\"}"),
            CancellationToken.none());

    assertThat(result)
        .isEqualTo(new ToolResult("c1", "get_weather", "3 days in Oslo in FAHRENHEIT", false));
  }

  @Test
  void writesNonStringResultsAsJsonAndNullAsEmpty() {
    ToolExecutor executor =
        new ToolExecutor(
            List.of(
                tool("report", (args, ctx) -> new Report("Oslo", -3)),
                tool("nothing", (args, ctx) -> null),
                tool("numbers", (args, ctx) -> List.of(1, 2))));

    List<ToolResult> results =
        executor.executeAll(
            List.of(
                call("1", "report", "{}"), call("2", "nothing", ""), call("3", "numbers", "{}")),
            CancellationToken.none());

    assertThat(results)
        .containsExactly(
            new ToolResult("1", "report", "{\"city\":\"Oslo\",\"temperature\":-3}", false),
            new ToolResult("2", "nothing", "", false),
            new ToolResult("3", "numbers", "[1,2]", false));
  }

  @Test
  void reportsAToolThatThrows() {
    ToolExecutor executor =
        new ToolExecutor(
            List.of(
                tool(
                    "station",
                    (args, ctx) -> {
                      throw new IllegalStateException("station offline");
                    }),
                tool(
                    "wrapped",
                    (args, ctx) -> {
                      throw new CompletionException(new IOException("disk full"));
                    }),
                tool(
                    "silent",
                    (args, ctx) -> {
                      throw new UnsupportedOperationException();
                    })));

    List<ToolResult> results =
        executor.executeAll(
            List.of(
                call("1", "station", "{}"), call("2", "wrapped", "{}"), call("3", "silent", "{}")),
            CancellationToken.none());

    assertThat(results)
        .containsExactly(
            new ToolResult(
                "1",
                "station",
                "tool 'station' failed: IllegalStateException: station offline",
                true),
            new ToolResult("2", "wrapped", "tool 'wrapped' failed: IOException: disk full", true),
            new ToolResult(
                "3", "silent", "tool 'silent' failed: UnsupportedOperationException", true));
  }

  @Test
  void reportsArgumentsThatAreNotJson() {
    ToolExecutor executor = new ToolExecutor(List.of(weather));

    ToolResult result =
        executor.execute(call("1", "get_weather", "{city: Oslo"), CancellationToken.none());

    assertThat(result.error()).isTrue();
    assertThat(result.content())
        .startsWith("arguments of tool 'get_weather' are not valid JSON: Unexpected character")
        .contains("(line 1, column 2)")
        .endsWith("arguments must be a JSON object matching the tool's parameter schema");
    assertThat(weatherCalls).hasValue(0);
  }

  @Test
  void reportsJsonThatIsNotAnObject() {
    ToolExecutor executor = new ToolExecutor(List.of(weather));

    List<ToolResult> results =
        executor.executeAll(
            List.of(
                call("1", "get_weather", "[\"Oslo\", 3]"), call("2", "get_weather", "\"Oslo\"")),
            CancellationToken.none());

    assertThat(results)
        .extracting(ToolResult::content)
        .containsExactly(
            "arguments of tool 'get_weather' must be a JSON object matching the tool's parameter"
                + " schema, got an array: [\"Oslo\",3]",
            "arguments of tool 'get_weather' must be a JSON object matching the tool's parameter"
                + " schema, got a string: \"Oslo\"");
    assertThat(results).allMatch(ToolResult::error);
    assertThat(weatherCalls).hasValue(0);
  }

  @Test
  void reportsSchemaViolationsWithoutCallingTheTool() {
    ToolExecutor executor = new ToolExecutor(List.of(weather));

    List<ToolResult> results =
        executor.executeAll(
            List.of(
                call("1", "get_weather", "{\"days\":3}"),
                call(
                    "2",
                    "get_weather",
                    "{\"city\":\"Oslo\",\"days\":\"three\",\"unit\":\"kelvin\"}")),
            CancellationToken.none());

    assertThat(results.get(0))
        .isEqualTo(
            new ToolResult(
                "1",
                "get_weather",
                "invalid arguments for tool 'get_weather', so it was not run:\n"
                    + "- missing required argument 'city'\n"
                    + "Call it again with arguments that match its parameter schema.",
                true));
    assertThat(results.get(1).error()).isTrue();
    assertThat(results.get(1).content())
        .contains(
            "\n- argument 'days' must be an integer, got \"three\"\n",
            "\n- argument 'unit' must be one of [CELSIUS, FAHRENHEIT], got \"kelvin\"\n");
    assertThat(weatherCalls).hasValue(0);
  }

  @Test
  void reportsAnUnknownToolListingTheAvailableOnes() {
    ToolExecutor executor =
        new ToolExecutor(List.of(weather, tool("get_time", (args, ctx) -> "noon")));

    ToolResult result = executor.execute(call("1", "get_wether", "{}"), CancellationToken.none());

    assertThat(result)
        .isEqualTo(
            new ToolResult(
                "1",
                "get_wether",
                "unknown tool 'get_wether': the available tools are get_weather, get_time;"
                    + " call one of them by its exact name",
                true));
    assertThat(new ToolExecutor(List.of()).execute(call("2", "x", "{}"), CancellationToken.none()))
        .extracting(ToolResult::content)
        .isEqualTo("unknown tool 'x': no tools are available");
  }

  @Test
  void timesOutAToolAndCancelsItsContext() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch contextCancelled = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    Tool slow =
        Tool.builder("slow")
            .timeout(Duration.ofMillis(200))
            .function(
                (args, ctx) -> {
                  ctx.cancellation().onCancel(contextCancelled::countDown);
                  try {
                    never.await();
                  } catch (InterruptedException e) {
                    interrupted.countDown();
                  }
                  return "done";
                })
            .build();
    ToolExecutor executor = new ToolExecutor(List.of(slow));

    ToolResult result = executor.execute(call("1", "slow", "{}"), CancellationToken.none());

    assertThat(result)
        .isEqualTo(new ToolResult("1", "slow", "tool 'slow' did not finish within 200ms", true));
    assertThat(await(contextCancelled)).isTrue();
    assertThat(await(interrupted)).isTrue();
  }

  @Test
  void formatsTimeoutsAsPeopleWriteThem() {
    assertThat(ToolExecutor.format(Duration.ofSeconds(2))).isEqualTo("2s");
    assertThat(ToolExecutor.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }

  @Test
  void runsCallsConcurrently() {
    CyclicBarrier bothRunning = new CyclicBarrier(2);
    ToolFunction meet =
        (args, ctx) -> {
          bothRunning.await(10, TimeUnit.SECONDS);
          return "met";
        };
    ToolExecutor executor = new ToolExecutor(List.of(tool("left", meet), tool("right", meet)));

    List<ToolResult> results =
        executor.executeAll(
            List.of(call("1", "left", "{}"), call("2", "right", "{}")), CancellationToken.none());

    assertThat(results)
        .containsExactly(
            new ToolResult("1", "left", "met", false), new ToolResult("2", "right", "met", false));
  }

  @Test
  void returnsResultsInCallOrderWhateverOrderToolsFinish() {
    CountDownLatch secondDone = new CountDownLatch(1);
    ToolExecutor executor =
        new ToolExecutor(
            List.of(
                tool(
                    "first",
                    (args, ctx) ->
                        secondDone.await(10, TimeUnit.SECONDS) ? "after second" : "alone"),
                tool(
                    "second",
                    (args, ctx) -> {
                      secondDone.countDown();
                      return "second";
                    })));

    List<ToolResult> results =
        executor.executeAll(
            List.of(call("a", "first", "{}"), call("b", "nope", "{}"), call("c", "second", "{}")),
            CancellationToken.none());

    assertThat(results).extracting(ToolResult::callId).containsExactly("a", "b", "c");
    assertThat(results.get(0).content()).isEqualTo("after second");
    assertThat(results.get(1).error()).isTrue();
    assertThat(results.get(2).content()).isEqualTo("second");
  }

  @Test
  void callerCancellationStopsRunningToolsAndThrows() throws Exception {
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch contextCancelled = new CountDownLatch(2);
    CountDownLatch interrupted = new CountDownLatch(2);
    CountDownLatch never = new CountDownLatch(1);
    ToolFunction blocking =
        (args, ctx) -> {
          ctx.cancellation().onCancel(contextCancelled::countDown);
          started.countDown();
          try {
            never.await();
          } catch (InterruptedException e) {
            interrupted.countDown();
          }
          return "done";
        };
    ToolExecutor executor = new ToolExecutor(List.of(tool("a", blocking), tool("b", blocking)));
    CancellationToken run = new CancellationToken();
    Thread canceller =
        new Thread(
            () -> {
              try {
                if (started.await(10, TimeUnit.SECONDS)) {
                  run.cancel();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    canceller.start();

    assertThatThrownBy(
            () -> executor.executeAll(List.of(call("1", "a", "{}"), call("2", "b", "{}")), run))
        .isInstanceOf(CancelledException.class);
    assertThat(run.isCancelled()).isTrue();
    assertThat(await(contextCancelled)).isTrue();
    assertThat(await(interrupted)).isTrue();
    canceller.join();
  }

  @Test
  void alreadyCancelledCallerRunsNothing() {
    ToolExecutor executor = new ToolExecutor(List.of(weather));
    CancellationToken run = new CancellationToken();
    run.cancel();

    assertThatThrownBy(
            () -> executor.execute(call("1", "get_weather", "{\"city\":\"Oslo\",\"days\":1}"), run))
        .isInstanceOf(CancelledException.class);
    assertThat(weatherCalls).hasValue(0);
  }

  @Test
  void listsSpecsInOrderAndFindsToolsByName() {
    Tool time = tool("get_time", (args, ctx) -> "noon");
    ToolExecutor executor = new ToolExecutor(List.of(time, weather));

    assertThat(executor.specs()).containsExactly(time.spec(), weather.spec());
    assertThat(executor.find("get_weather")).contains(weather);
    assertThat(executor.find("get_wether")).isEmpty();
  }

  @Test
  void rejectsDuplicateToolNames() {
    assertThatThrownBy(
            () -> new ToolExecutor(List.of(weather, tool("get_weather", (args, ctx) -> ""))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'get_weather'");
  }
}
