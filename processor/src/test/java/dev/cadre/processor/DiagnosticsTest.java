package dev.cadre.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * How findings read: long messages break over lines as javac's do, and a warning can be suppressed
 * with {@code @SuppressWarnings("Cadre/<Tag>")} where the build treats warnings as errors.
 */
class DiagnosticsTest {

  private static final String[] WERROR = {"-Xlint:all,-processing", "-Werror"};

  @Test
  void aLongMessageBreaksOverLinesWithItsTagFirst() {
    // The message for this name, 160 characters long, used to be one line.
    JavaFileObject tools =
        JavaFileObjects.forSourceLines(
            "test.Tools",
            "package test;",
            "class Tools {",
            "  @dev.cadre.annotations.Tool(value = \"Looks up\", name = \"look up\")",
            "  static String lookUp(String key) { return key; }",
            "}");

    Compilation compilation = Compiler.javac().withProcessors(new CadreProcessor()).compile(tools);

    assertThat(compilation).hadErrorCount(1);
    String message = compilation.errors().get(0).getMessage(Locale.ROOT);
    List<String> lines = message.lines().toList();
    assertThat(lines).hasSizeGreaterThan(1);
    assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
    assertThat(lines.get(0)).startsWith("[Cadre/InvalidToolName] tool name 'look up' is not");
    assertThat(String.join(" ", lines.stream().map(String::strip).toList()))
        .isEqualTo(
            "[Cadre/InvalidToolName] tool name 'look up' is not a tool name the model APIs accept:"
                + " use 1 to 64 letters, digits, '_' or '-'; e.g. @Tool(name = \"look_up\")");
  }

  @Test
  void aWordLongerThanALineKeepsALineOfItsOwn() {
    String word = "x".repeat(120);
    assertThat(Diagnostics.wrap("[Cadre/Long] the name " + word + " is far too long to use"))
        .isEqualTo("[Cadre/Long] the name\n" + word + "\nis far too long to use");
  }

  @Test
  void theFirstLineEndsAtAClauseSoThatItReadsAsASummary() {
    assertThat(
            Diagnostics.wrap(
                "[Cadre/UnusedParameter] parameter 'count' of write() is not in its prompt; add"
                    + " {{count}} to the @Prompt, or remove the parameter, since the agent would"
                    + " never see it"))
        .isEqualTo(
            "[Cadre/UnusedParameter] parameter 'count' of write() is not in its prompt;\n"
                + "add {{count}} to the @Prompt, or remove the parameter, since the agent would"
                + " never see it");
    assertThat(Diagnostics.wrap("[Cadre/Short] fits on one line; as it is"))
        .isEqualTo("[Cadre/Short] fits on one line; as it is");
  }

  @Test
  void aWarningIsSuppressedByItsTagOnTheElementOrOneThatEnclosesIt() {
    JavaFileObject onMethod =
        holder(
            "OnMethod",
            "class OnMethod {",
            "  @SuppressWarnings(\"Cadre/MissingToolDescription\")",
            "  @Tool static String a(String key) { return key; }",
            "}");
    JavaFileObject onClass =
        holder(
            "OnClass",
            "@SuppressWarnings({\"unchecked\", \"Cadre/MissingToolDescription\"})",
            "class OnClass {",
            "  @Tool static String b(String key) { return key; }",
            "}");

    Compilation compilation =
        Compiler.javac()
            .withProcessors(new CadreProcessor())
            .withOptions((Object[]) WERROR)
            .compile(onMethod, onClass);

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void anotherTagSuppressesNothing() {
    JavaFileObject other =
        holder(
            "Other",
            "@SuppressWarnings(\"Cadre/DuplicateToolName\")",
            "class Other {",
            "  @Tool static String a(String key) { return key; }",
            "}");

    Compilation compilation =
        Compiler.javac()
            .withProcessors(new CadreProcessor())
            .withOptions((Object[]) WERROR)
            .compile(other);

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadWarningContaining("[Cadre/MissingToolDescription] tool 'a' has no description")
        .inFile(other)
        .onLineContaining("@Tool static String a");
  }

  @Test
  void anErrorIsNeverSuppressed() {
    JavaFileObject hidden =
        holder(
            "Hidden",
            "@SuppressWarnings(\"Cadre/PrivateTool\")",
            "class Hidden {",
            "  @Tool(\"Hidden\") private String b(String key) { return key; }",
            "}");

    Compilation compilation = Compiler.javac().withProcessors(new CadreProcessor()).compile(hidden);

    assertThat(compilation)
        .hadErrorContaining("[Cadre/PrivateTool] tool method b is private")
        .inFile(hidden)
        .onLineContaining("private String b");
  }

  private static JavaFileObject holder(String name, String... lines) {
    String[] all = new String[lines.length + 2];
    all[0] = "package test;";
    all[1] = "import dev.cadre.annotations.Tool;";
    System.arraycopy(lines, 0, all, 2, lines.length);
    return JavaFileObjects.forSourceLines("test." + name, all);
  }
}
