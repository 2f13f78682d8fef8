package dev.cadre.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.core.CancellationToken;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sandbox's promises, against the real bubblewrap. Needs {@code bwrap} (CI installs it); each
 * test is bounded to seconds by the limits it sets, and by a JUnit timeout besides.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BubblewrapExecutorTest {

  private static final CodeLimits QUICK = CodeLimits.DEFAULT.withTimeout(Duration.ofSeconds(20));

  private BubblewrapExecutor executor;

  @BeforeEach
  void sandbox() {
    Sandbox.assumeBubblewrap();
    executor = BubblewrapExecutor.builder().limits(QUICK).build();
  }

  @AfterEach
  void close() {
    if (executor == null) {
      return;
    }
    executor.close();
    assertThat(executor.workingDirectory()).doesNotExist();
  }

  @Test
  void runsPythonShellAndJavaAndListsTheFilesTheyCreate() {
    CodeResult python =
        executor.execute(
            CodeBlock.python(
                "open('out.txt', 'w').write('data')\nprint('sum', sum(range(10)))\n"));
    assertThat(python.exitCode()).isZero();
    assertThat(python.stdout()).isEqualTo("sum 45\n");
    assertThat(python.filesCreated()).containsExactly("out.txt");
    assertThat(python.timedOut()).isFalse();

    CodeResult shell = executor.execute(CodeBlock.sh("cat out.txt; echo; echo oops >&2; exit 3"));
    assertThat(shell.exitCode()).isEqualTo(3);
    assertThat(shell.stdout()).isEqualTo("data\n");
    assertThat(shell.stderr()).isEqualTo("oops\n");
    assertThat(shell.filesCreated()).isEmpty();

    CodeResult java =
        executor.execute(
            CodeBlock.java(
                "public class Main {\n"
                    + "  public static void main(String[] args) {\n"
                    + "    System.out.println(\"java \" + (6 * 7));\n"
                    + "  }\n"
                    + "}\n"));
    assertThat(java.stderr()).isEmpty();
    assertThat(java.stdout()).isEqualTo("java 42\n");
    assertThat(java.exitCode()).isZero();
  }

  @Test
  void noNetworkNeitherTheHostsLoopbackNorOutside() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      int port = server.getLocalPort();
      // The port does take connections from the host, so a failure inside is the sandbox's doing.
      try (Socket fromHost = new Socket("127.0.0.1", port)) {
        assertThat(fromHost.isConnected()).isTrue();
      }
      CodeResult result =
          executor.execute(
              CodeBlock.python(
                  "import socket\n"
                      + "for host, port in [('127.0.0.1', "
                      + port
                      + "), ('1.1.1.1', 53), ('8.8.8.8', 443)]:\n"
                      + "    try:\n"
                      + "        socket.create_connection((host, port), timeout=3).close()\n"
                      + "        print(host, 'connected')\n"
                      + "    except OSError as e:\n"
                      + "        print(host, 'failed', type(e).__name__)\n"));
      assertThat(result.stdout())
          .contains("127.0.0.1 failed", "1.1.1.1 failed", "8.8.8.8 failed")
          .doesNotContain("connected");
    }
  }

  @Test
  void writesNowhereButTheWorkingDirectory() throws IOException {
    // A directory anyone may write to, outside the working directory and outside the masked ones.
    Path outside = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "outside-");
    Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwxrwxrwx"));
    String marker = "cadre_sandbox_" + System.nanoTime();
    try {
      List<String> targets =
          List.of(
              outside.resolve(marker).toString(),
              "/etc/" + marker,
              "/usr/" + marker,
              "/var/" + marker,
              executor.workingDirectory().getParent().resolve(marker).toString(),
              "/tmp/" + marker);
      StringBuilder code = new StringBuilder("import os\n");
      for (String target : targets) {
        code.append("try:\n")
            .append("    open('")
            .append(target)
            .append("', 'w').write('x')\n")
            .append("    print('wrote ")
            .append(target)
            .append("')\n")
            .append("except OSError as e:\n")
            .append("    print('refused ")
            .append(target)
            .append("', e.strerror)\n");
      }
      code.append("open('inside.txt', 'w').write('ok')\n");
      CodeResult result = executor.execute(CodeBlock.python(code.toString()));
      assertThat(result.exitCode()).as(result.output()).isZero();
      for (String target : targets.subList(0, 4)) {
        assertThat(result.stdout()).contains("refused " + target);
      }
      // /tmp inside is a private, empty tmpfs: writing there works and never reaches the host.
      for (String target : targets) {
        assertThat(Path.of(target)).doesNotExist();
      }
      assertThat(executor.workingDirectory().resolve("inside.txt")).hasContent("ok");
      assertThat(result.filesCreated()).containsExactly("inside.txt");
    } finally {
      try (var files = Files.list(outside)) {
        files.forEach(f -> f.toFile().delete());
      }
      Files.delete(outside);
    }
  }

  @Test
  void theTimeLimitKillsAnEndlessLoopAndEveryProcessItStarted() throws IOException {
    try (BubblewrapExecutor quick =
        BubblewrapExecutor.builder()
            .limits(CodeLimits.DEFAULT.withTimeout(Duration.ofSeconds(2)))
            .build()) {
      CodeResult result =
          quick.execute(CodeBlock.sh("sleep 981.5 &\nwhile true; do :; done\n"));
      assertThat(result.timedOut()).isTrue();
      assertThat(result.exitCode()).isEqualTo(CodeResult.TIMEOUT_EXIT_CODE);
      assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
      assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(30));
      assertThat(result.output()).contains("[timed out after");
      assertThat(Processes.withCommandLineContaining("sleep 981.5")).isEmpty();
    }
  }

  @Test
  void noProcessOutlivesABlockThatEndsNormally() throws IOException {
    CodeResult result =
        executor.execute(
            CodeBlock.sh("sleep 982.5 &\nsetsid sleep 983.5 &\nnohup sleep 984.5 >/dev/null &\n"
                + "echo started"));
    assertThat(result.stdout()).isEqualTo("started\n");
    assertThat(result.exitCode()).isZero();
    assertThat(Processes.withCommandLineContaining("sleep 98")).isEmpty();
  }

  @Test
  void aForkBombIsContainedAndTheHostStaysFine() throws Exception {
    CodeLimits limits =
        CodeLimits.DEFAULT.withTimeout(Duration.ofSeconds(3)).withMaxProcesses(64);
    try (BubblewrapExecutor bombed = BubblewrapExecutor.builder().limits(limits).build()) {
      // Counting first: the block may not have more than its limit at once, root or not.
      CodeResult counted =
          bombed.execute(
              CodeBlock.python(
                  "import subprocess\n"
                      + "n = 0\n"
                      + "try:\n"
                      + "    for i in range(500):\n"
                      + "        subprocess.Popen(['sleep', '985.5'])\n"
                      + "        n += 1\n"
                      + "except OSError as e:\n"
                      + "    print('stopped', type(e).__name__)\n"
                      + "print('started', n)\n"));
      assertThat(counted.stdout()).contains("stopped");
      int started = Integer.parseInt(counted.stdout().replaceAll("(?s).*started (\\d+).*", "$1"));
      assertThat(started).isBetween(1, 64);

      long hostBefore = ProcessHandle.allProcesses().count();
      CodeResult bomb = bombed.execute(CodeBlock.sh("bomb() { bomb | bomb & }; bomb"));
      assertThat(bomb.elapsed()).isLessThan(Duration.ofSeconds(30));
      assertThat(Processes.withCommandLineContaining("985.5")).isEmpty();
      // Nothing of the bomb is left, and the host still starts processes.
      assertThat(ProcessHandle.allProcesses().count()).isLessThan(hostBefore + 64);
      Process echo = new ProcessBuilder("echo", "fine").start();
      assertThat(echo.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(new String(echo.getInputStream().readAllBytes())).isEqualTo("fine\n");
    }
  }

  @Test
  void theMemoryLimitStopsAFourGigabyteAllocation() {
    CodeResult result =
        executor.execute(CodeBlock.python("b = bytearray(4 * 1024 ** 3)\nprint('allocated')\n"));
    assertThat(result.stdout()).doesNotContain("allocated");
    assertThat(result.stderr()).contains("MemoryError");
    assertThat(result.exitCode()).isNotZero();
  }

  @Test
  void outputOverTheLimitIsCutAndSaysSo() {
    try (BubblewrapExecutor small =
        BubblewrapExecutor.builder().limits(QUICK.withMaxOutputBytes(10_000)).build()) {
      CodeResult result =
          small.execute(CodeBlock.python("import sys\nsys.stdout.write('x' * 1_000_000)\n"));
      assertThat(result.exitCode()).isZero();
      assertThat(result.outputCut()).isTrue();
      assertThat(result.stdout()).hasSize(10_000);
      assertThat(result.output()).endsWith("[output cut: it went over the output limit]");
    }
  }

  @Test
  void theEnvironmentHoldsNoneOfTheHostsVariables() {
    CodeResult result = executor.execute(CodeBlock.python("import os\nprint(sorted(os.environ))"));
    assertThat(result.stdout().strip())
        .isEqualTo("['HOME', 'LANG', 'PATH', 'PWD', 'PYTHONUNBUFFERED', 'TMPDIR']");
    List<String> values = new ArrayList<>();
    System.getenv().forEach((name, value) -> {
      if (value.length() > 8) {
        values.add(value);
      }
    });
    CodeResult all = executor.execute(CodeBlock.sh("env"));
    for (String value : values) {
      assertThat(all.stdout()).doesNotContain(value);
    }
  }

  @Test
  void aSecretInTheAgentsEnvironmentIsNotVisibleInside() throws Exception {
    // A JVM of its own, started with the secret in its environment as an agent's key would be.
    String secret = "sk-cadre-test-" + System.nanoTime();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder child =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SecretProbe.class.getName(),
                secret)
            .redirectErrorStream(true);
    child.environment().put("OPENAI_API_KEY", secret);
    child.environment().put("CADRE_TEST_SECRET", secret);
    Process process = child.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).startsWith("host sees: yes\n").contains("exit 0\n", "HOME=", "PATH=");
    assertThat(output.substring(output.indexOf('\n'))).doesNotContain(secret);
    assertThat(output).doesNotContain("OPENAI_API_KEY", "CADRE_TEST_SECRET");
  }

  @Test
  void noNewUserNamespacesAndABoundedPrivateTmp() {
    CodeResult result =
        executor.execute(
            CodeBlock.sh(
                "unshare --user true 2>/dev/null; echo unshare=$?\n"
                    + "dd if=/dev/zero of=/tmp/a bs=1M count=40 2>/dev/null; echo first=$?\n"
                    + "dd if=/dev/zero of=/tmp/b bs=1M count=40 2>/dev/null; echo second=$?\n"));
    assertThat(result.stdout()).contains("first=0").doesNotContain("unshare=0", "second=0");
  }

  @Test
  void cancellingKillsTheBlock() throws IOException {
    CancellationToken cancellation = new CancellationToken();
    Thread canceller =
        new Thread(
            () -> {
              try {
                Thread.sleep(1_000);
              } catch (InterruptedException e) {
                return;
              }
              cancellation.cancel();
            });
    canceller.start();
    CodeResult result = executor.execute(CodeBlock.sh("sleep 986.5"), cancellation);
    assertThat(result.timedOut()).isFalse();
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(15));
    assertThat(Processes.withCommandLineContaining("sleep 986.5")).isEmpty();
  }
}
