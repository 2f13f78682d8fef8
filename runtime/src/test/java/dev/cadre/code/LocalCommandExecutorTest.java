package dev.cadre.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LocalCommandExecutorTest {

  @Test
  void warnsWhenMadeAndRunsCodeInItsDirectoryWithACleanEnvironment(@TempDir Path dir) {
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Logger logger = Logger.getLogger(LocalCommandExecutor.class.getName());
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try (LocalCommandExecutor executor =
        LocalCommandExecutor.builder().workingDirectory(dir).build()) {
      assertThat(records)
          .anySatisfy(
              r -> {
                assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                assertThat(r.getMessage()).contains("UNSANDBOXED");
              });
      CodeResult result =
          executor.execute(CodeBlock.python("open('made.txt', 'w').write('x')\n"));
      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.filesCreated()).containsExactly("made.txt");
      // sh adds PWD (and some shells SHLVL); nothing of this JVM's environment but PATH is there.
      CodeResult env = executor.execute(CodeBlock.sh("env | cut -d= -f1 | sort | tr '\\n' ' '"));
      assertThat(env.stdout().strip().split(" "))
          .contains("HOME", "LANG", "PATH", "TMPDIR")
          .isSubsetOf("HOME", "LANG", "PATH", "PWD", "PYTHONUNBUFFERED", "SHLVL", "TMPDIR");
      assertThat(dir.resolve("made.txt")).exists();
    } finally {
      logger.removeHandler(handler);
    }
    // A directory the caller gave is the caller's: it stays.
    assertThat(dir.resolve("made.txt")).exists();
  }

  @Test
  void theTimeLimitKillsTheBlockAndWhatItLeftRunning() throws IOException {
    try (LocalCommandExecutor executor =
        LocalCommandExecutor.builder()
            .limits(CodeLimits.DEFAULT.withTimeout(Duration.ofSeconds(2)))
            .build()) {
      CodeResult looped = executor.execute(CodeBlock.sh("sleep 987.5 &\nwhile true; do :; done"));
      assertThat(looped.timedOut()).isTrue();
      assertThat(looped.exitCode()).isEqualTo(CodeResult.TIMEOUT_EXIT_CODE);
      assertThat(Processes.withCommandLineContaining("sleep 987.5")).isEmpty();

      // Ending at once, it leaves a background job that no poll of its tree has seen.
      CodeResult quick = executor.execute(CodeBlock.sh("sleep 988.5 &\necho done"));
      assertThat(quick.stdout()).isEqualTo("done\n");
      assertThat(Processes.withCommandLineContaining("sleep 988.5")).isEmpty();
    }
  }
}
