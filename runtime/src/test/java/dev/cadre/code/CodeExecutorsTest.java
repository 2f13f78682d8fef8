package dev.cadre.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CodeExecutorsTest {

  @Test
  void namesChooseTheExecutorAndAnUnknownNameListsTheKnownOnes() {
    Sandbox.assumeBubblewrap();
    try (CodeExecutor sandbox = CodeExecutors.byName("bubblewrap")) {
      assertThat(sandbox).isInstanceOf(BubblewrapExecutor.class);
    }
    try (CodeExecutor local = CodeExecutors.byName("unsandboxed")) {
      assertThat(local).isInstanceOf(LocalCommandExecutor.class);
    }
    assertThatThrownBy(() -> CodeExecutors.byName("chroot"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'chroot'")
        .hasMessageContaining("bubblewrap")
        .hasMessageContaining("docker:<image>")
        .hasMessageContaining("unsandboxed");
  }

  @Test
  void languageTagsAsModelsWriteThem() {
    assertThat(CodeLanguage.fromTag("Python")).contains(CodeLanguage.PYTHON);
    assertThat(CodeLanguage.fromTag("py")).contains(CodeLanguage.PYTHON);
    assertThat(CodeLanguage.fromTag("bash")).contains(CodeLanguage.BASH);
    assertThat(CodeLanguage.fromTag("shell")).contains(CodeLanguage.SH);
    assertThat(CodeLanguage.fromTag("java")).contains(CodeLanguage.JAVA);
    assertThat(CodeLanguage.fromTag("rust")).isEmpty();
    assertThat(CodeLanguage.fromTag("")).isEmpty();
  }

  @Test
  void aBlockOverTheSizeLimitIsRefusedNamingItsSize() {
    String big = "x".repeat(CodeBlock.MAX_BYTES + 1);
    assertThatThrownBy(() -> CodeBlock.python(big))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("python block is " + (CodeBlock.MAX_BYTES + 1) + " bytes");
  }

  @Test
  void refusesClearlyWhenBubblewrapIsMissing() {
    assertThatThrownBy(
            () -> BubblewrapExecutor.builder().bwrap(Path.of("/nonexistent/bwrap")).build())
        .isInstanceOf(CodeExecutionException.class)
        .hasMessageContaining("apt-get install bubblewrap")
        .hasMessageContaining("CodeExecutors.unsandboxed()");
  }
}
