package dev.cadre.processor.tool;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.processor.CadreProcessor;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolContext;
import dev.cadre.tool.ToolLibrary;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * Each holder a ServiceLoader can make gets a {@code _ToolLibrary} listed in {@code
 * META-INF/services}, so team specs find its tools by name without scanning or reflection.
 */
class ToolLibraryTest {

  private static final JavaFileObject COUNTER =
      JavaFileObjects.forSourceLines(
          "com.acme.Counter",
          "package com.acme;",
          "import dev.cadre.annotations.Tool;",
          "public class Counter {",
          "  private int count;",
          "  /** Counts one more. */",
          "  @Tool public int increment(int by) { count += by; return count; }",
          "}");
  private static final JavaFileObject CLOCK =
      JavaFileObjects.forSourceLines(
          "com.acme.Clock",
          "package com.acme;",
          "import dev.cadre.annotations.Tool;",
          "public interface Clock {",
          "  /** The year. */",
          "  @Tool static int year() { return 2026; }",
          "}");
  private static final JavaFileObject NEEDS_ARGUMENT =
      JavaFileObjects.forSourceLines(
          "com.acme.Repo",
          "package com.acme;",
          "import dev.cadre.annotations.Tool;",
          "public class Repo {",
          "  private final String root;",
          "  public Repo(String root) { this.root = root; }",
          "  /** The root. */",
          "  @Tool public String root() { return root; }",
          "}");
  private static final JavaFileObject HIDDEN =
      JavaFileObjects.forSourceLines(
          "com.acme.Hidden",
          "package com.acme;",
          "import dev.cadre.annotations.Tool;",
          "class Hidden {",
          "  /** Says hi. */",
          "  @Tool public String hi() { return \"hi\"; }",
          "}");

  private static Compilation compile() {
    return Compiler.javac()
        .withProcessors(new CadreProcessor())
        .withOptions((Object[]) Compiled.STRICT)
        .compile(COUNTER, CLOCK, NEEDS_ARGUMENT, HIDDEN);
  }

  @Test
  void holdersThatNeedNoArgumentsAreListedForTheServiceLoader() throws Exception {
    Compilation compilation = compile();

    assertThat(compilation).succeededWithoutWarnings();
    JavaFileObject services =
        compilation
            .generatedFile(
                StandardLocation.CLASS_OUTPUT, "META-INF/services/dev.cadre.tool.ToolLibrary")
            .orElseThrow();
    assertThat(Compiled.text(services).lines())
        .containsExactly("com.acme.Counter_ToolLibrary", "com.acme.Clock_ToolLibrary");
    assertThat(compilation.generatedSourceFile("com.acme.Repo_ToolLibrary")).isEmpty();
    assertThat(compilation.generatedSourceFile("com.acme.Hidden_ToolLibrary")).isEmpty();
  }

  @Test
  void aLibraryNamesItsToolsAndMakesThemWithANewHolder() throws Exception {
    Compiled classes = Compiled.load(compile());

    ToolLibrary counter = library(classes, "com.acme.Counter_ToolLibrary");
    ToolLibrary clock = library(classes, "com.acme.Clock_ToolLibrary");

    assertThat(counter.name()).isEqualTo("com.acme.Counter");
    assertThat(counter.toolNames()).containsExactly("increment");
    assertThat(clock.toolNames()).containsExactly("year");
    assertThat(call(counter.tools(), "{\"by\": 2}")).isEqualTo("2");
    // Each call of tools() makes a new Counter: counts do not leak between agents.
    assertThat(call(counter.tools(), "{\"by\": 3}")).isEqualTo("3");
    assertThat(call(clock.tools(), "{}")).isEqualTo("2026");
  }

  private static ToolLibrary library(Compiled classes, String name) throws Exception {
    // What ServiceLoader does with a listed name: the public no-argument constructor.
    return (ToolLibrary) classes.loadClass(name).getConstructor().newInstance();
  }

  private static String call(List<Tool> tools, String arguments) throws Exception {
    Tool tool = tools.get(0);
    return String.valueOf(
        tool.function()
            .call(
                (ObjectNode) Json.parse(arguments),
                new ToolContext("call-1", new CancellationToken())));
  }
}
