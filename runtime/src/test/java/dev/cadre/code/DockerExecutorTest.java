package dev.cadre.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Docker executor's contract, where a Docker daemon answers ({@code docker info} succeeds);
 * skipped elsewhere. The image is {@code python:3.12-slim}, or {@code CADRE_TEST_DOCKER_IMAGE}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DockerExecutorTest {

  private static String image;

  @BeforeAll
  static void docker() {
    assumeTrue(DockerExecutor.available(), "no Docker daemon reachable: `docker info` fails");
    String given = System.getenv("CADRE_TEST_DOCKER_IMAGE");
    image = given == null || given.isBlank() ? "python:3.12-slim" : given;
  }

  @Test
  void runsABlockWithNoNetworkAndListsItsFiles() {
    try (DockerExecutor executor = DockerExecutor.builder(image).build()) {
      CodeResult result =
          executor.execute(
              CodeBlock.python(
                  "import socket\n"
                      + "open('made.txt', 'w').write('x')\n"
                      + "try:\n"
                      + "    socket.create_connection(('1.1.1.1', 53), timeout=3)\n"
                      + "    print('connected')\n"
                      + "except OSError:\n"
                      + "    print('no network')\n"));
      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.stdout()).isEqualTo("no network\n");
      assertThat(result.filesCreated()).containsExactly("made.txt");
    }
  }

  @Test
  void theTimeLimitKillsTheContainer() {
    try (DockerExecutor executor =
        DockerExecutor.builder(image)
            .limits(CodeLimits.DEFAULT.withTimeout(Duration.ofSeconds(5)))
            .build()) {
      CodeResult result = executor.execute(CodeBlock.python("while True:\n    pass\n"));
      assertThat(result.timedOut()).isTrue();
      assertThat(result.exitCode()).isEqualTo(CodeResult.TIMEOUT_EXIT_CODE);
    }
  }

  @Test
  void theMemoryLimitStopsAFourGigabyteAllocation() {
    try (DockerExecutor executor = DockerExecutor.builder(image).build()) {
      CodeResult result =
          executor.execute(CodeBlock.python("b = bytearray(4 * 1024 ** 3)\nprint('allocated')\n"));
      assertThat(result.stdout()).doesNotContain("allocated");
      assertThat(result.exitCode()).isNotZero();
    }
  }
}
