package dev.cadre.processor.agent;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cadre.processor.agent.AgentCompiler.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.processor.CadreProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** How the step names, places and schedules what it writes. */
class AgentStepTest {

  @Test
  void nestedAgentIsWrittenBesideItsOuterTypeWithItsVisibility() throws Exception {
    JavaFileObject desk =
        source(
            "test.Desk",
            "package test;",
            "",
            "final class Desk {",
            "  @dev.cadre.annotations.Agent",
            "  interface CodeReviewer {",
            "    @dev.cadre.annotations.Prompt(\"Review {{diff}}\")",
            "    String review(String diff);",
            "  }",
            "}");
    Compilation compilation = AgentCompiler.compile(desk);
    assertThat(compilation).succeededWithoutWarnings();
    String generated = AgentCompiler.generatedSource(compilation, "test.CadreDesk_CodeReviewer");
    assertThat(generated)
        .contains("final class CadreDesk_CodeReviewer implements Desk.CodeReviewer {")
        .doesNotContain("public final class")
        .contains("AssistantAgent.builder(\"code_reviewer\")");
  }

  @Test
  void agentUsingATypeAnotherProcessorWritesIsDeferredUntilItExists() throws Exception {
    JavaFileObject bot =
        source(
            "test.Bot",
            "package test;",
            "",
            "@dev.cadre.annotations.Agent",
            "public interface Bot {",
            "  @dev.cadre.annotations.Prompt(\"Verdict on {{text}}\")",
            "  Verdict judge(String text);",
            "}");
    Compilation compilation =
        com.google.testing.compile.Compiler.javac()
            // The other processor runs first: Cadre claims its annotations, and javac offers a
            // later processor only what is left unclaimed.
            .withProcessors(new VerdictWriter(), new CadreProcessor())
            .withOptions("-Xlint:all,-processing", "-Werror")
            .compile(bot);

    assertThat(compilation).succeededWithoutWarnings();
    ClassLoader loader = AgentCompiler.classLoader(compilation);
    Object builder = loader.loadClass("test.CadreBot").getMethod("builder").invoke(null);
    builder
        .getClass()
        .getMethod("model", dev.cadre.model.ChatModel.class)
        .invoke(builder, ReplayChatModel.ofTexts("{\"guilty\":false,\"reason\":\"no proof\"}"));
    Object agent = builder.getClass().getMethod("build").invoke(builder);
    Object verdict = agent.getClass().getMethod("judge", String.class).invoke(agent, "the case");
    assertThat(verdict).hasToString("Verdict[guilty=false, reason=no proof]");
  }

  /** Writes {@code test.Verdict} in the first round, as another code generator would. */
  private static final class VerdictWriter extends AbstractProcessor {
    private boolean written;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (written) {
        return false;
      }
      written = true;
      try (Writer out = processingEnv.getFiler().createSourceFile("test.Verdict").openWriter()) {
        out.write("package test;\n\npublic record Verdict(boolean guilty, String reason) {}\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return false;
    }
  }
}
