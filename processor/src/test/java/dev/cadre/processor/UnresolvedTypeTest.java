package dev.cadre.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cadre.processor.Wrapping.wrapped;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A declaration whose types never appear is deferred round after round, then reported once, at the
 * end, on the declaration.
 */
class UnresolvedTypeTest {

  @Test
  void aTypeThatNeverAppearsIsReportedAtTheEnd() {
    JavaFileObject agent =
        JavaFileObjects.forSourceLines(
            "test.Planner",
            "package test;",
            "",
            "import dev.cadre.annotations.Agent;",
            "import dev.cadre.annotations.Prompt;",
            "",
            "@Agent(description = \"Plans\")",
            "public interface Planner {",
            "  @Prompt(\"Plan {{goal}}\")",
            "  Plan plan(String goal);",
            "}");

    Compilation compilation = Compiler.javac().withProcessors(new CadreProcessor()).compile(agent);

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContainingMatch(wrapped("[Cadre/UnresolvedType]"))
        .inFile(agent)
        .onLineContaining("public interface Planner");
    assertThat(compilation).hadErrorContainingMatch(wrapped("cannot find symbol"));
  }
}
