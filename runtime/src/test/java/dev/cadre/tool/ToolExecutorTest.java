package dev.cadre.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.core.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
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

  private final Deadlines deadlines = new Deadlines("test-deadlines");

  @AfterEach
  void stopWatchdog() {
    deadlines.shutDown();
    // A failed test must not hand its interrupt to the next one.
    Thread.interrupted();
  }

  /** An executor whose time limits are kept by this test's own watchdog. */
  private ToolExecutor watched(Tool... tools) {
    return new ToolExecutor(List.of(tools), () -> deadlines);
  }

  /** A tool named "where" answering "here", noting the thread it ran on in {@code ranOn}. */
  private static Tool where(AtomicReference<Thread> ranOn) {
    return tool(
        "where",
        (args, ctx) -> {
          ranOn.set(Thread.currentThread());
          return "here";
        });
  }

  /** {@code tool} ran on this thread and was stopped; the thread and the watchdog are clean. */
  private void assertStoppedHereAndLeftClean(Blocking tool) throws InterruptedException {
    assertThat(tool.thread).hasValue(Thread.currentThread());
    assertThat(await(tool.contextCancelled)).isTrue();
    assertThat(await(tool.interrupted)).isTrue();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(deadlines.pending()).isZero();
  }

  /** A tool that blocks until interrupted, noting its thread, its start, and how it was stopped. */
  private static final class Blocking {
    final AtomicReference<Thread> thread = new AtomicReference<>();
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch contextCancelled = new CountDownLatch(1);
    final CountDownLatch interrupted = new CountDownLatch(1);

    Tool tool(String name, Duration timeout) {
      return Tool.builder(name)
          .timeout(timeout)
          .function(
              (args, ctx) -> {
                thread.set(Thread.currentThread());
                ctx.cancellation().onCancel(contextCancelled::countDown);
                started.countDown();
                try {
                  Thread.sleep(10_000);
                  return "not stopped";
                } catch (InterruptedException e) {
                  interrupted.countDown();
                  return "stopped";
                }
              })
          .build();
    }
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
  void runsALoneCallOnTheCallersThread() {
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    ToolExecutor executor = watched(where(ranOn));

    ToolResult result = executor.execute(call("1", "where", "{}"), CancellationToken.none());

    assertThat(result).isEqualTo(new ToolResult("1", "where", "here", false));
    assertThat(ranOn).hasValue(Thread.currentThread());
    assertThat(deadlines.pending()).isZero();
  }

  @Test
  void runsTheLastCallOfABatchOnTheCallersThreadAndTheOthersAlongside() {
    CyclicBarrier allRunning = new CyclicBarrier(3);
    List<AtomicReference<Thread>> ranOn =
        List.of(new AtomicReference<>(), new AtomicReference<>(), new AtomicReference<>());
    ToolFunction meet =
        (args, ctx) -> {
          ranOn.get(args.get("n").asInt()).set(Thread.currentThread());
          allRunning.await(10, TimeUnit.SECONDS);
          return "met";
        };
    ToolExecutor executor =
        watched(
            Tool.builder("meet")
                .parameter("n", Integer.class, "which call")
                .function(meet)
                .build());

    List<ToolResult> results =
        executor.executeAll(
            List.of(
                call("a", "meet", "{\"n\":0}"),
                call("b", "meet", "{\"n\":1}"),
                call("c", "meet", "{\"n\":2}")),
            CancellationToken.none());

    assertThat(results).extracting(ToolResult::content).containsExactly("met", "met", "met");
    assertThat(ranOn.get(2)).hasValue(Thread.currentThread());
    assertThat(ranOn.get(0).get()).isNotIn(Thread.currentThread(), ranOn.get(1).get());
    assertThat(ranOn.get(1).get()).isNotEqualTo(Thread.currentThread());
  }

  @Test
  void runsTheLastCallThatCanRunOnTheCallersThreadWhateverFollowsIt() {
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    ToolExecutor executor = watched(where(ranOn));

    List<ToolResult> results =
        executor.executeAll(
            List.of(call("1", "where", "{}"), call("2", "nowhere", "{}")),
            CancellationToken.none());

    assertThat(results).extracting(ToolResult::error).containsExactly(false, true);
    assertThat(ranOn).hasValue(Thread.currentThread());
  }

  @Test
  void timesOutACallOnTheCallersThreadAndLeavesTheThreadClean() throws Exception {
    Blocking slow = new Blocking();
    ToolExecutor executor = watched(slow.tool("slow", Duration.ofMillis(200)));

    ToolResult result = executor.execute(call("1", "slow", "{}"), CancellationToken.none());

    assertThat(result)
        .isEqualTo(new ToolResult("1", "slow", "tool 'slow' did not finish within 200ms", true));
    assertStoppedHereAndLeftClean(slow);
  }

  @Test
  void discardsTheLateResultOfAToolThatIgnoresItsLimitAndClearsTheInterruptItKept() {
    ToolExecutor executor =
        watched(
            Tool.builder("stubborn")
                .timeout(Duration.ofMillis(50))
                .function(
                    (args, ctx) -> {
                      CountDownLatch cancelled = new CountDownLatch(1);
                      ctx.cancellation().onCancel(cancelled::countDown);
                      boolean interrupted = false;
                      while (true) {
                        try {
                          // Stands for work that neither checks its context nor stops when
                          // interrupted: it carries on and finishes late.
                          if (cancelled.await(10, TimeUnit.SECONDS)) {
                            break;
                          }
                        } catch (InterruptedException e) {
                          interrupted = true;
                        }
                      }
                      if (interrupted) {
                        Thread.currentThread().interrupt();
                      }
                      return "late";
                    })
                .build());

    ToolResult result = executor.execute(call("1", "stubborn", "{}"), CancellationToken.none());

    assertThat(result.content()).isEqualTo("tool 'stubborn' did not finish within 50ms");
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aShortLimitStillTimesOutWhileALongerOneIsPending() throws Exception {
    Blocking long_ = new Blocking();
    Blocking short_ = new Blocking();
    ToolExecutor executor =
        watched(
            long_.tool("patient", Duration.ofHours(1)),
            short_.tool("hasty", Duration.ofMillis(100)));
    CancellationToken longRun = new CancellationToken();
    Thread other =
        new Thread(
            () -> {
              try {
                executor.execute(call("1", "patient", "{}"), longRun);
              } catch (CancelledException expected) {
                // how the test ends it
              }
            });
    other.start();
    assertThat(await(long_.started)).isTrue();

    // Blocks for 10 s unless the watchdog, planning to wake in an hour, learns of the 100 ms limit.
    ToolResult result = executor.execute(call("2", "hasty", "{}"), CancellationToken.none());
    boolean longStillRunning = long_.contextCancelled.getCount() == 1;
    longRun.cancel();
    other.join();

    assertThat(result.content()).isEqualTo("tool 'hasty' did not finish within 100ms");
    assertThat(await(short_.interrupted)).isTrue();
    assertThat(longStillRunning).as("the long call was not timed out").isTrue();
    assertThat(deadlines.pending()).isZero();
  }

  @Test
  void callerCancellationStopsACallOnTheCallersThread() throws Exception {
    Blocking blocking = new Blocking();
    ToolExecutor executor = watched(blocking.tool("blocking", Duration.ofHours(1)));
    CancellationToken run = new CancellationToken();
    Thread canceller =
        new Thread(
            () -> {
              try {
                if (blocking.started.await(10, TimeUnit.SECONDS)) {
                  run.cancel();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    canceller.start();

    assertThatThrownBy(() -> executor.execute(call("1", "blocking", "{}"), run))
        .isInstanceOf(CancelledException.class);
    canceller.join();

    assertStoppedHereAndLeftClean(blocking);
  }

  @Test
  void keepsNoWatchAfterCallsFinishHoweverTheyEnd() {
    ToolExecutor executor =
        watched(
            tool("fine", (args, ctx) -> "ok"),
            tool(
                "broken",
                (args, ctx) -> {
                  throw new IllegalStateException("broken");
                }),
            new Blocking().tool("slow", Duration.ofMillis(20)),
            tool(
                "quitter",
                (args, ctx) -> {
                  ctx.cancellation().cancel();
                  return "quit";
                }));

    List<ToolResult> results =
        List.of(
            executor.execute(call("1", "fine", "{}"), CancellationToken.none()),
            executor.execute(call("2", "broken", "{}"), CancellationToken.none()),
            executor.execute(call("3", "slow", "{}"), CancellationToken.none()),
            executor.execute(call("4", "quitter", "{}"), CancellationToken.none()));

    assertThat(results)
        .extracting(ToolResult::content)
        .containsExactly(
            "ok",
            "tool 'broken' failed: IllegalStateException: broken",
            "tool 'slow' did not finish within 20ms",
            "tool 'quitter' cancelled itself");
    assertThat(deadlines.pending()).isZero();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void anInterruptedCallerEndsTheRunKeepingItsInterrupt() {
    ToolExecutor executor = watched(weather);
    Thread.currentThread().interrupt();

    assertThatThrownBy(
            () ->
                executor.execute(
                    call("1", "get_weather", "{\"city\":\"Oslo\",\"days\":1}"),
                    CancellationToken.none()))
        .isInstanceOf(CancelledException.class)
        .hasMessage("interrupted before running tool 'get_weather' (call 1)");
    assertThat(Thread.interrupted()).isTrue();
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

  // ---- hostile arguments: whatever the model writes is an error it reads, never a crash

  record Numbers(int i, long l, short s, byte b, float f, double d, List<Integer> counts) {}

  private final List<Numbers> numbersSeen = new ArrayList<>();

  private final Tool numbers =
      Tool.fromRecord(
          "numbers",
          "",
          Numbers.class,
          n -> {
            numbersSeen.add(n);
            return "ok";
          });

  private String numbersWith(String field, String value) {
    ObjectNode arguments = Json.object();
    arguments.put("i", 1).put("l", 1).put("s", 1).put("b", 1).put("f", 1).put("d", 1);
    arguments.putArray("counts").add(1);
    String text = arguments.toString();
    return text.replaceFirst("\"" + field + "\":(1|\\[1\\])", "\"" + field + "\":" + value);
  }

  @Test
  void numbersNoJavaTypeHoldsAreErrorsTheModelReads() {
    ToolExecutor executor = new ToolExecutor(List.of(numbers, weather));

    String[][] cases = {
      {"i", "1e400", "argument 'i' must be an integer, got a number too large to hold (above"},
      {"i", "-1e400", "argument 'i' must be an integer, got a number too large to hold (below"},
      {"d", "1e400", "argument 'd' must be a number, got a number too large to hold (above"},
      {
        "i",
        "3000000000",
        "argument 'i' must be an integer from -2147483648 to 2147483647, got" + " 3000000000"
      },
      {
        "l",
        "99999999999999999999",
        "argument 'l' must be an integer from -9223372036854775808 to"
            + " 9223372036854775807, got 99999999999999999999"
      },
      {"l", "1e20", "argument 'l' must be an integer from -9223372036854775808"},
      {"s", "40000", "argument 's' must be an integer from -32768 to 32767, got 40000"},
      {"b", "200.0", "argument 'b' must be an integer from -128 to 127, got 200.0"},
      {
        "f",
        "1e300",
        "argument 'f' must be a number from -3.4028235E38 to 3.4028235E38, got" + " 1.0E300"
      },
      {"counts", "[1,5000000000]", "argument 'counts[1]' must be an integer from -2147483648"},
      {"i", "NaN", "are not valid JSON"},
      {"i", "Infinity", "are not valid JSON"},
      {"i", "\"NaN\"", "argument 'i' must be an integer, got \"NaN\""},
    };
    for (String[] bad : cases) {
      ToolResult result =
          executor.execute(
              call("1", "numbers", numbersWith(bad[0], bad[1])), CancellationToken.none());
      assertThat(result.error()).as(bad[0] + "=" + bad[1]).isTrue();
      assertThat(result.content()).as(bad[0] + "=" + bad[1]).contains(bad[2]);
    }
    assertThat(numbersSeen).isEmpty();

    assertThat(
            executor.execute(
                call("2", "numbers", numbersWith("d", "1e-400")), CancellationToken.none()))
        .extracting(ToolResult::error)
        .isEqualTo(false);
    assertThat(numbersSeen).singleElement().extracting(Numbers::d).isEqualTo(0.0);
    ToolResult weatherResult =
        executor.execute(
            call("3", "get_weather", "{\"city\":\"Oslo\",\"days\":3000000000}"),
            CancellationToken.none());
    assertThat(weatherResult.content())
        .isEqualTo(
            "invalid arguments for tool 'get_weather', so it was not run:\n"
                + "- argument 'days' must be an integer from -2147483648 to 2147483647,"
                + " got 3000000000\n"
                + "Call it again with arguments that match its parameter schema.");
    assertThat(weatherCalls).hasValue(0);
  }

  @Test
  void bindingsThatCannotReadAnArgumentReportBadArgumentsNotAFailedTool() {
    // As generated bindings read their arguments: through JsonValues, before the method runs.
    Tool count =
        Tool.builder("count")
            .parameter("n", JsonSchemas.integer(), null)
            .function((args, ctx) -> "counted " + JsonValues.intValue(args.get("n"), "n"))
            .build();
    ToolExecutor executor = new ToolExecutor(List.of(count));

    ToolResult result =
        executor.execute(call("1", "count", "{\"n\":3000000000}"), CancellationToken.none());

    assertThat(result)
        .isEqualTo(
            new ToolResult(
                "1",
                "count",
                "invalid arguments for tool 'count', so it was not run:\n"
                    + "- argument 'n' must be an integer from -2147483648 to 2147483647,"
                    + " got 3000000000\n"
                    + "Call it again with arguments that match its parameter schema.",
                true));
  }

  @Test
  void textAfterTheArgumentsIsAnErrorAndTheToolDoesNotRun() {
    ToolExecutor executor = new ToolExecutor(List.of(weather));

    List<ToolResult> results =
        executor.executeAll(
            List.of(
                call("1", "get_weather", "{\"city\":\"Oslo\",\"days\":1} DROP TABLE users"),
                call("2", "get_weather", "{\"city\":\"Oslo\",\"days\":1}{\"city\":\"Rome\"}"),
                call("3", "get_weather", "{\"city\":\"Oslo\",\"days\":1} 7"),
                call("4", "get_weather", " {\"city\":\"Oslo\",\"days\":1}\n  ")),
            CancellationToken.none());

    for (ToolResult result : results.subList(0, 3)) {
      assertThat(result.error()).isTrue();
      assertThat(result.content())
          .startsWith(
              "arguments of tool 'get_weather' are not valid JSON: unexpected text after the JSON"
                  + " value; give exactly one value (line 1, column ");
    }
    assertThat(results.get(3)).extracting(ToolResult::error).isEqualTo(false);
    assertThat(weatherCalls).hasValue(1);
  }

  @Test
  void whatTheModelReadsIsBoundedHoweverMuchItWrote() {
    List<Tool> many = new ArrayList<>(List.of(weather));
    for (int i = 0; i < 500; i++) {
      many.add(tool("tool_number_" + i, (args, ctx) -> ""));
    }
    ToolExecutor executor = new ToolExecutor(many);
    String huge = "x".repeat(1_000_000);

    ToolResult unknown = executor.execute(call("2", huge, "{}"), CancellationToken.none());
    ToolResult hugeName =
        executor.execute(
            call("3", "get_weather", "{\"" + huge + "\":1}"), CancellationToken.none());
    ToolResult garbage = executor.execute(call("4", "get_weather", huge), CancellationToken.none());
    ToolResult hugeValue =
        executor.execute(
            call("5", "get_weather", "{\"city\":\"Oslo\",\"days\":\"" + huge + "\"}"),
            CancellationToken.none());

    assertThat(List.of(unknown, hugeName, garbage, hugeValue))
        .allSatisfy(
            result -> {
              assertThat(result.error()).isTrue();
              assertThat(result.content()).hasSizeLessThan(4096);
            });
    assertThat(unknown.content())
        .startsWith(
            "unknown tool '" + "x".repeat(61) + "...': the available tools are get_weather,")
        .contains(" more; call one of them by its exact name");
    assertThat(hugeName.content()).startsWith("arguments of tool 'get_weather' are not valid JSON");
    assertThat(garbage.content()).startsWith("arguments of tool 'get_weather' are not valid JSON");
    assertThat(hugeValue.content()).contains("argument 'days' must be an integer, got \"xxx");
    assertThat(weatherCalls).hasValue(0);
  }

  @Test
  void aFloodOfBadItemsSaysHowManyThereWere() {
    Tool sum =
        Tool.builder("sum")
            .parameter("values", JsonSchemas.arrayOf(JsonSchemas.integer()), null)
            .function((args, ctx) -> "")
            .build();
    StringBuilder values = new StringBuilder("{\"values\":[");
    for (int i = 0; i < 50_000; i++) {
      values.append(i == 0 ? "" : ",").append("\"x\"");
    }

    ToolResult result =
        new ToolExecutor(List.of(sum))
            .execute(call("1", "sum", values.append("]}").toString()), CancellationToken.none());

    assertThat(result.content())
        .startsWith(
            "invalid arguments for tool 'sum', so it was not run:\n"
                + "- argument 'values[0]' must be an integer, got \"x\"\n")
        .contains("\n- and 49980 more problems (50000 in all)\n")
        .hasSizeLessThan(4096);
  }

  @Test
  void aCheckThatBreaksIsAnErrorTheModelReadsNotACrash() {
    // A hand-written schema node that cannot be read: whatever breaks, the run goes on.
    ObjectNode broken =
        new ObjectNode(JsonNodeFactory.instance) {
          @Override
          public JsonNode get(String name) {
            throw new IllegalStateException("schema node unreadable");
          }
        };
    broken.put("type", "object");
    Tool odd = Tool.of(new ToolSpec("odd", "", broken), (args, ctx) -> "ran");

    ToolResult result =
        new ToolExecutor(List.of(odd))
            .execute(call("1", "odd", "{\"x\":{}}"), CancellationToken.none());

    assertThat(result)
        .isEqualTo(
            new ToolResult(
                "1",
                "odd",
                "the arguments of tool 'odd' could not be checked, so it was not run:"
                    + " IllegalStateException: schema node unreadable; call it again with arguments"
                    + " that match its parameter schema",
                true));
  }
}
