package dev.cadre.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.Locale;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A declaration whose types never appear is deferred round after round, and then left to javac,
 * which reports the missing type where it is written: Cadre adds no vaguer error of its own.
 */
class UnresolvedTypeTest {

  @Test
  void aTypeThatNeverAppearsIsJavacsErrorAlone() {
    JavaFileObject agent =
        JavaFileObjects.forSourceLines(
            "test.Planner",
            "package test;",
            "",
            "import dev.cadre.annotations.Agent;",
            "import dev.cadre.annotations.GroupChat;",
            "import dev.cadre.annotations.Prompt;",
            "import dev.cadre.annotations.Tool;",
            "",
            "@Agent(description = \"Plans\")",
            "interface Planner {",
            "  @Prompt(\"Plan {{goal}}\")",
            "  Plan plan(String goal);",
            "}",
            "class Steps {",
            "  @Tool(\"Lists steps\") static String list(Goal goal) { return \"\"; }",
            "}",
            "@GroupChat(participants = Ghost.class, maxMessages = 2)",
            "interface Desk {}");

    Compilation compilation = Compiler.javac().withProcessors(new CadreProcessor()).compile(agent);

    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(agent).onLine(11);
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(agent).onLine(14);
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(agent).onLine(16);
    assertThat(compilation.errors())
        .extracting(error -> error.getMessage(Locale.ROOT))
        .noneMatch(message -> message.contains("[Cadre/"));
  }
}
