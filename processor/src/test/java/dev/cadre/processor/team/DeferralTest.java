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

/** A participant written by another processor in a later round is waited for, not reported. */
class DeferralTest {

  /** Writes the {@code @Agent} interface {@code test.Late} in its first round. */
  static final class LateAgentProcessor extends AbstractProcessor {
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
      if (!written) {
        written = true;
        try (Writer out = processingEnv.getFiler().createSourceFile("test.Late").openWriter()) {
          out.write(
              "package test;\n"
                  + "@dev.cadre.annotations.Agent(description = \"Arrives late\")\n"
                  + "public interface Late {}\n");
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
            .withProcessors(new LateAgentProcessor(), new CadreProcessor())
            .compile(sources);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.CadreDesk");
  }
}
