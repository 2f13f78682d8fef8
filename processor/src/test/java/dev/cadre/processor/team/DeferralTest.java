package dev.cadre.processor.team;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.cadre.processor.CadreProcessor;
import dev.cadre.processor.team.TeamCompiler.StandIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A participant, or a type inside an entry method's answer, written by another processor in a later
 * round is waited for, not reported.
 */
class DeferralTest {

  /** Writes one source file in its first round, as another annotation processor would. */
  static final class LateSourceProcessor extends AbstractProcessor {
    private final String qualifiedName;
    private final String source;
    private boolean written;

    LateSourceProcessor(String qualifiedName, String source) {
      this.qualifiedName = qualifiedName;
      this.source = source;
    }

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
      if (!written) {
        written = true;
        try (Writer out = processingEnv.getFiler().createSourceFile(qualifiedName).openWriter()) {
          out.write(source);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  @Test
  void teamWaitsForAParticipantGeneratedInALaterRound() {
    JavaFileObject desk =
        TeamSystems.type(
            "Desk",
            "@GroupChat(participants = Late.class, maxMessages = 3)",
            "public interface Desk {}");
    List<JavaFileObject> sources = new ArrayList<>(List.of(desk));
    if (!TeamCompiler.agentStepPresent()) {
      sources.add(StandIn.agent("test.Late", "late").description("Arrives late").source());
    }

    Compilation compilation =
        Compiler.javac()
            // The other processor runs first: Cadre claims its annotations, and javac offers a
            // later processor only what is left unclaimed.
            .withProcessors(
                new LateSourceProcessor(
                    "test.Late",
                    "package test;\n"
                        + "@dev.cadre.annotations.Agent(description = \"Arrives late\")\n"
                        + "public interface Late {}\n"),
                new CadreProcessor())
            .compile(sources);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.CadreDesk");
  }

  @Test
  void teamWaitsForATypeInsideItsAnswerGeneratedInALaterRound() {
    List<JavaFileObject> sources =
        List.of(
            TeamSystems.type(
                "Writer", "@Agent(description = \"Writes\")", "public interface Writer {}"),
            TeamSystems.type("Review", "public record Review(String verdict, Score score) {}"),
            TeamSystems.type(
                "Desk",
                "@GroupChat(participants = Writer.class, maxMessages = 3)",
                "public interface Desk {",
                "  Review review(String draft);",
                "}"));

    Compilation compilation =
        Compiler.javac()
            .withProcessors(
                new LateSourceProcessor(
                    "test.Score", "package test;\npublic record Score(int value) {}\n"),
                new CadreProcessor())
            .compile(sources);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test.CadreDesk")
        .contentsAsUtf8String()
        .contains("private static Score readScore(JsonNode node, String path)");
  }
}
