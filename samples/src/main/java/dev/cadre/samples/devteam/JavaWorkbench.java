package dev.cadre.samples.devteam;

import dev.cadre.annotations.Param;
import dev.cadre.annotations.Tool;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The development team's workbench: compiles Java in memory with the JDK's compiler and runs tests
 * against it, answering with the compiler's real errors and the tests' real outcomes.
 *
 * <p>Tests need no framework: a test class is a public class whose public static void methods
 * without parameters are the tests; each fails by throwing. The code runs in this process, in a
 * class loader of its own that sees only the JDK, each test on its own daemon thread with a time
 * limit. It is a sample's sandbox, not a security boundary: run only code you would run yourself.
 */
public final class JavaWorkbench {

  /** How long one test may run when no limit is given. */
  public static final Duration DEFAULT_TEST_TIMEOUT = Duration.ofSeconds(10);

  private final InMemoryCompiler compiler = new InMemoryCompiler();
  private final Duration testTimeout;

  /** A workbench whose tests may each run for {@link #DEFAULT_TEST_TIMEOUT}. */
  public JavaWorkbench() {
    this(DEFAULT_TEST_TIMEOUT);
  }

  /** A workbench whose tests may each run for {@code testTimeout}. */
  public JavaWorkbench(Duration testTimeout) {
    Objects.requireNonNull(testTimeout, "testTimeout");
    if (testTimeout.isNegative() || testTimeout.isZero()) {
      throw new IllegalArgumentException("testTimeout must be positive, was " + testTimeout);
    }
    this.testTimeout = testTimeout;
  }

  @Tool(
      "Compiles one Java source file (Java 17, JDK classes only) and answers 'compiled', or the"
          + " compiler's errors with file and line")
  public String compileJava(
      @Param("The complete source of one file, its public class included") String source) {
    InMemoryCompiler.Result result = compiler.compile(List.of(InMemoryCompiler.Source.of(source)));
    return result.compiled() ? "compiled" : failedToCompile(result);
  }

  @Tool(
      "Compiles the code and a test class together, then runs every public static void method"
          + " without parameters of the test class as a test that fails by throwing; answers with"
          + " the compiler's errors, or PASS/FAIL per test")
  public String runTests(
      @Param("The complete source of the code under test, one file") String source,
      @Param(
              "The complete source of the test class, one file: a public class whose tests are"
                  + " public static void methods without parameters that throw on failure")
          String tests) {
    InMemoryCompiler.Source code = InMemoryCompiler.Source.of(source);
    InMemoryCompiler.Source testSource = InMemoryCompiler.Source.of(tests);
    if (code.typeName().equals(testSource.typeName())) {
      return "the code and the tests both declare "
          + code.typeName()
          + ": give the test class a name of its own, such as "
          + code.typeName()
          + "Test";
    }
    InMemoryCompiler.Result result = compiler.compile(List.of(code, testSource));
    if (!result.compiled()) {
      return failedToCompile(result);
    }
    String testClass = testSource.typeName();
    List<String> methods = result.testMethods().getOrDefault(testClass, List.of());
    if (methods.isEmpty()) {
      return "no tests: "
          + testClass
          + " has no public static void methods without parameters; write each test as one";
    }
    Class<?> type;
    try {
      type = Class.forName(result.types().get(testClass), true, result.loader());
    } catch (ClassNotFoundException | LinkageError e) {
      return "could not load " + testClass + ": " + describe(e);
    }
    List<String> lines = new ArrayList<>();
    int passed = 0;
    for (String method : methods) {
      String failure = run(type, method, result.loader());
      if (failure == null) {
        passed++;
        lines.add("PASS " + method);
      } else {
        lines.add("FAIL " + method + ": " + failure);
      }
    }
    String summary =
        String.format(
            Locale.ROOT,
            "%d tests, %d passed, %d failed",
            methods.size(),
            passed,
            methods.size() - passed);
    return summary + "\n" + String.join("\n", lines);
  }

  private static String failedToCompile(InMemoryCompiler.Result result) {
    int count = result.errors().size();
    return "did not compile, "
        + count
        + (count == 1 ? " error:\n" : " errors:\n")
        + String.join("\n", result.errors());
  }

  /** Runs one test; answers null when it passed, else why it failed. */
  private String run(Class<?> type, String method, ClassLoader loader) {
    MethodHandle test;
    try {
      // A method handle, not reflection: the method was found by the compiler, by name and shape.
      test =
          MethodHandles.publicLookup().findStatic(type, method, MethodType.methodType(void.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return "cannot be called: " + e.getMessage() + " (make the test class and method public)";
    }
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                test.invokeExact();
                outcome.complete(null);
              } catch (Throwable failure) {
                outcome.complete(failure);
              }
            },
            "devteam-test-" + method);
    thread.setDaemon(true);
    thread.setContextClassLoader(loader);
    thread.start();
    try {
      Throwable failure = outcome.get(testTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return failure == null ? null : describe(failure);
    } catch (TimeoutException e) {
      // The thread cannot be stopped safely; it is a daemon, so it does not keep the JVM alive.
      thread.interrupt();
      return "did not finish within " + testTimeout.toMillis() + " ms";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.interrupt();
      return "interrupted while waiting for the test";
    } catch (ExecutionException e) {
      return describe(e.getCause());
    }
  }

  /** The failure as a tester would report it: type, message and where in the compiled code. */
  private static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder(failure.getClass().getSimpleName());
    if (failure.getMessage() != null) {
      text.append(": ").append(failure.getMessage());
    }
    for (StackTraceElement frame : failure.getStackTrace()) {
      if (InMemoryCompiler.LOADER_NAME.equals(frame.getClassLoaderName())
          && frame.getFileName() != null) {
        text.append(" (").append(frame.getFileName()).append(':').append(frame.getLineNumber());
        text.append(')');
        break;
      }
    }
    return text.toString();
  }
}
