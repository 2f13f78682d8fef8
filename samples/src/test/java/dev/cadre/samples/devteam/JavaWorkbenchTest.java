package dev.cadre.samples.devteam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The workbench's tools against the JDK's real compiler and real test runs. */
class JavaWorkbenchTest {

  private static final String COUNTER =
      "public class Counter {\n"
          + "  private int count;\n"
          + "  public int next() {\n"
          + "    return ++count;\n"
          + "  }\n"
          + "}\n";

  private final JavaWorkbench workbench = new JavaWorkbench();

  @Test
  void answersCompiledForValidCode() {
    assertThat(workbench.compileJava(COUNTER)).isEqualTo("compiled");
  }

  @Test
  void answersEveryCompilerErrorWithItsFileLineAndSourceLine() {
    String broken =
        COUNTER.replace("++count;", "count + \"\";").replace("int count;", "int count = \"0\";");

    assertThat(workbench.compileJava(broken))
        .isEqualTo(
            "did not compile, 2 errors:\n"
                + "Counter.java:2: error: incompatible types: java.lang.String cannot be converted"
                + " to int\n"
                + "  private int count = \"0\";\n"
                + "Counter.java:4: error: incompatible types: java.lang.String cannot be converted"
                + " to int\n"
                + "    return count + \"\";");
    // javac stops at syntax errors before it checks types; those come alone.
    assertThat(workbench.compileJava(COUNTER.replace("++count;", "++count")))
        .isEqualTo(
            "did not compile, 1 error:\nCounter.java:4: error: ';' expected\n    return ++count");
  }

  @Test
  void theCodeSeesOnlyTheJdkNotTheApplicationsClassPath() {
    String reaching =
        "public class Reach {\n  Object tool = new dev.cadre.samples.devteam.JavaWorkbench();\n}\n";

    assertThat(workbench.compileJava(reaching))
        .startsWith(
            "did not compile, 1 error:\n"
                + "Reach.java:2: error: package dev.cadre.samples.devteam does not exist");
  }

  @Test
  void runsEachPublicStaticTestMethodAndReportsFailuresWithWhereTheyThrew() {
    String tests =
        "package demo;\n"
            + "public class CounterTest {\n"
            + "  public static void countsFromOne() {\n"
            + "    if (new Counter().next() != 1) throw new AssertionError(\"not one\");\n"
            + "  }\n"
            + "  public static void countsToThree() {\n"
            + "    Counter counter = new Counter();\n"
            + "    counter.next();\n"
            + "    int third = counter.next();\n"
            + "    if (third != 3) throw new AssertionError(\"third was \" + third);\n"
            + "  }\n"
            + "  static void helper() {}\n"
            + "  public static void withArgument(int n) {}\n"
            + "}\n";

    assertThat(workbench.runTests("package demo;\n" + COUNTER, tests))
        .isEqualTo(
            "2 tests, 1 passed, 1 failed\n"
                + "PASS countsFromOne\n"
                + "FAIL countsToThree: AssertionError: third was 2 (CounterTest.java:10)");
  }

  @Test
  void reportsTheCompilerErrorsOfTheCodeOrTheTestsInsteadOfRunning() {
    String tests =
        "public class CounterTest {\n  public static void t() { new Counter().nxt(); }\n}\n";

    assertThat(workbench.runTests(COUNTER, tests))
        .startsWith("did not compile, 1 error:\nCounterTest.java:2: error: cannot find symbol")
        .contains("  public static void t() { new Counter().nxt(); }");
  }

  @Test
  void aTestThatHangsFailsAtTheTimeLimit() {
    JavaWorkbench strict = new JavaWorkbench(Duration.ofMillis(200));
    String tests =
        "public class HangTest {\n"
            + "  public static void waitsForever() throws InterruptedException {\n"
            + "    new java.util.concurrent.CountDownLatch(1).await();\n"
            + "  }\n"
            + "  public static void passes() {}\n"
            + "}\n";

    assertThat(strict.runTests(COUNTER, tests))
        .isEqualTo(
            "2 tests, 1 passed, 1 failed\n"
                + "FAIL waitsForever: did not finish within 200 ms\n"
                + "PASS passes");
  }

  @Test
  void saysHowToFixTestsItCannotRun() {
    assertThat(workbench.runTests(COUNTER, "public class NoTests {\n  void check() {}\n}\n"))
        .isEqualTo(
            "no tests: NoTests has no public static void methods without parameters; write each"
                + " test as one");
    assertThat(workbench.runTests(COUNTER, COUNTER))
        .contains("both declare Counter")
        .contains("CounterTest");
  }

  @Test
  void rejectsATimeLimitThatIsNotPositive() {
    assertThatThrownBy(() -> new JavaWorkbench(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("testTimeout");
  }
}
