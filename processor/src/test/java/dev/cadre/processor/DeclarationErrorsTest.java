package dev.cadre.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cadre.processor.Wrapping.wrapped;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes about where Cadre's annotations go and what the processor sees: each is a tagged error
 * on the annotation or class it is about, with how to mend it, and never a failure to write a file,
 * a silent nothing, or a bare "cannot find symbol".
 */
class DeclarationErrorsTest {

  /** A tool holder of another module, compiled with or without the processor. */
  private static final JavaFileObject CATALOG_TOOLS =
      JavaFileObjects.forSourceLines(
          "catalog.CatalogTools",
          "package catalog;",
          "public class CatalogTools {",
          "  @dev.cadre.annotations.Tool(\"Finds an item\")",
          "  public static String find(String name) { return name; }",
          "}");

  @Test
  void agentAndGroupChatOnOneInterfaceIsAnErrorOnBothAnnotations() {
    JavaFileObject both =
        source(
            "Both",
            "@Agent(description = \"Writes\")",
            "@GroupChat(participants = Writer.class, maxMessages = 3)",
            "interface Both {}",
            "@Agent(description = \"Drafts\") interface Writer {}");

    Compilation compilation = compile(both);

    String message =
        "Both has both @Agent and @GroupChat, and each would generate CadreBoth; an interface is"
            + " one agent or one team: keep one of them, and declare the other on an interface of"
            + " its own";
    assertThat(compilation)
        .hadErrorContainingMatch(wrapped("[Cadre/AgentAndGroupChat] " + message))
        .inFile(both)
        .onLineContaining("@Agent(description = \"Writes\")");
    assertThat(compilation)
        .hadErrorContainingMatch(wrapped("[Cadre/AgentAndGroupChat] " + message))
        .inFile(both)
        .onLineContaining("@GroupChat(participants");
    assertThat(compilation).hadErrorCount(2);
    assertThat(messages(compilation)).noneMatch(text -> text.contains("Cadre/WriteFailed"));
  }

  @Test
  void aUserClassWithTheNameOfAGeneratedOneIsBlamedAndToldHowToRename() {
    JavaFileObject summarizer =
        source(
            "Summarizer",
            "@Agent(description = \"Summarises\")",
            "interface Summarizer {",
            "  @Prompt(\"Summarise {{text}}\")",
            "  String summarise(String text);",
            "}");
    JavaFileObject clash = source("CadreSummarizer", "final class CadreSummarizer {}");
    JavaFileObject tools =
        source(
            "Lookup",
            "class Lookup {",
            "  @Tool(\"Looks up\") static String find(String key) { return key; }",
            "}");
    JavaFileObject toolsClash = source("Lookup_Tools", "final class Lookup_Tools {}");

    Compilation compilation = compile(summarizer, clash, tools, toolsClash);

    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/GeneratedNameTaken] class test.CadreSummarizer has the name of the class"
                    + " Cadre generates for @Agent test.Summarizer; rename CadreSummarizer (Cadre"
                    + " names what it generates Cadre<Name> and <Name>_Tools), or rename"
                    + " Summarizer"))
        .inFile(clash)
        .onLineContaining("final class CadreSummarizer");
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/GeneratedNameTaken] class test.Lookup_Tools has the name of the class"
                    + " Cadre generates for the @Tool methods of test.Lookup; rename Lookup_Tools"))
        .inFile(toolsClash)
        .onLineContaining("final class Lookup_Tools");
    assertThat(compilation).hadErrorCount(2);
    assertThat(messages(compilation)).noneMatch(text -> text.contains("another processor"));
  }

  @Test
  void aToolOnAnAgentInterfaceIsToldThatToolsLiveOnAHolder() {
    JavaFileObject bot =
        source(
            "Bot",
            "@Agent(description = \"Searches\")",
            "interface Bot {",
            "  @Prompt(\"Find {{query}}\")",
            "  String find(String query);",
            "  @Tool(\"Searches the web\")",
            "  String search(String query);",
            "}");
    JavaFileObject desk =
        source(
            "Desk",
            "@GroupChat(participants = Bot.class, maxMessages = 3)",
            "interface Desk {",
            "  @Tool(\"Runs the desk\")",
            "  String run(String task);",
            "}",
            "interface Lookups {",
            "  @Tool(\"Looks up\") String lookUp(String key);",
            "}",
            "@GroupChat(participants = Bot.class, maxMessages = 3)",
            "interface Counter extends Lookups {}");

    Compilation compilation = compile(bot, desk);

    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/MisplacedTool] search() has @Tool, but Bot is an @Agent interface, and"
                    + " its methods are what the agent is asked, not what it may call; move"
                    + " search() to a class of its own (a tool holder) and list that class in"
                    + " @Agent(tools = ...)"))
        .inFile(bot)
        .onLineContaining("@Tool(\"Searches the web\")");
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/MisplacedTool] run() has @Tool, but Desk is a @GroupChat interface, and"
                    + " its methods are what the team is asked, not what it may call; move run()"
                    + " to a class of its own (a tool holder) and list that class in @Agent(tools"
                    + " = ...) of the agents that use it"))
        .inFile(desk)
        .onLineContaining("@Tool(\"Runs the desk\")");
    assertThat(compilation)
        .hadErrorContainingMatch(wrapped("[Cadre/MisplacedTool] lookUp() has @Tool, but Counter"))
        .inFile(desk)
        .onLineContaining("interface Counter");
    assertThat(compilation).hadErrorCount(3);
  }

  @Test
  void aPromptOnAnInterfaceThatIsNoAgentIsAnError() {
    JavaFileObject helper =
        source(
            "Helper",
            "interface Helper {",
            "  @Prompt(\"Help with {{task}}\")",
            "  String help(String task);",
            "}");
    // A prompt an agent inherits is not one of them.
    JavaFileObject base =
        source(
            "Base",
            "interface Base {",
            "  @Prompt(\"Answer {{question}}\")",
            "  String answer(String question);",
            "}",
            "@Agent(description = \"Answers\") interface Oracle extends Base {}");

    Compilation compilation = compile(helper, base);

    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/PromptWithoutAgent] @Prompt on help() does nothing, as Helper is neither"
                    + " an @Agent nor a @GroupChat interface, nor extended by one; annotate Helper"
                    + " with @Agent (or @GroupChat), or remove @Prompt"))
        .inFile(helper)
        .onLineContaining("@Prompt(\"Help with");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void aTypeFromAModuleBuiltWithoutTheProcessorIsATaggedErrorNamingWhereItCameFrom(
      @TempDir Path library) throws IOException {
    JavaFileObject catalog =
        JavaFileObjects.forSourceLines(
            "catalog.Catalog",
            "package catalog;",
            "@dev.cadre.annotations.Agent(description = \"Knows the catalog\", tools ="
                + " CatalogTools.class)",
            "public interface Catalog {}");
    Compilation built = Compiler.javac().withOptions("-proc:none").compile(CATALOG_TOOLS, catalog);
    assertThat(built).succeededWithoutWarnings();
    writeClasses(built, library);

    JavaFileObject shop =
        source(
            "Shop",
            "@Agent(description = \"Sells\", tools = catalog.CatalogTools.class)",
            "interface Seller {",
            "  @Prompt(\"Sell {{item}}\")",
            "  String sell(String item);",
            "}",
            "@GroupChat(",
            "    participants = {",
            "        catalog.Catalog.class,",
            "        Seller.class},",
            "    maxMessages = 3)",
            "interface Shop {}");
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new CadreProcessor())
            .withClasspath(classPathWith(library))
            .compile(shop);

    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/CompiledWithoutProcessor] catalog.CatalogTools comes from "
                    + library
                    + ", compiled without the Cadre processor, so catalog.CatalogTools_Tools, which"
                    + " the generated code calls, does not exist; compile catalog.CatalogTools with"
                    + " cadre-processor as an annotation processor (in Maven, in the"
                    + " annotationProcessorPaths of maven-compiler-plugin), then build again"))
        .inFile(shop)
        .onLineContaining("tools = catalog.CatalogTools.class");
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/CompiledWithoutProcessor] catalog.Catalog comes from "
                    + library
                    + ", compiled without the Cadre processor, so catalog.CadreCatalog, which the"
                    + " generated code calls, does not exist"))
        .inFile(shop)
        .onLineContaining("catalog.Catalog.class,");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void aHolderFromAJarBuiltWithoutTheProcessorNamesTheJar(@TempDir Path directory)
      throws IOException {
    Compilation built = Compiler.javac().withOptions("-proc:none").compile(CATALOG_TOOLS);
    assertThat(built).succeededWithoutWarnings();
    Path classes = Files.createDirectory(directory.resolve("classes"));
    writeClasses(built, classes);
    Path jar = directory.resolve("catalog.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("catalog/CatalogTools.class"));
      out.write(Files.readAllBytes(classes.resolve("catalog/CatalogTools.class")));
      out.closeEntry();
    }

    JavaFileObject seller =
        source(
            "Seller",
            "@Agent(description = \"Sells\", tools = catalog.CatalogTools.class)",
            "interface Seller {}");
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new CadreProcessor())
            .withClasspath(classPathWith(jar))
            .compile(seller);

    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/CompiledWithoutProcessor] catalog.CatalogTools comes from "
                    + jar
                    + ", compiled without the Cadre processor"))
        .inFile(seller)
        .onLineContaining("tools = catalog.CatalogTools.class");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void aTypeFromAModuleBuiltWithTheProcessorIsUsedAsItIs(@TempDir Path library) throws IOException {
    Compilation built =
        Compiler.javac().withProcessors(new CadreProcessor()).compile(CATALOG_TOOLS);
    assertThat(built).succeededWithoutWarnings();
    writeClasses(built, library);

    JavaFileObject seller =
        source(
            "Seller",
            "@Agent(description = \"Sells\", tools = catalog.CatalogTools.class)",
            "interface Seller {",
            "  @Prompt(\"Sell {{item}}\")",
            "  String sell(String item);",
            "}");
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new CadreProcessor())
            .withClasspath(classPathWith(library))
            .compile(seller);

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void aTeamFromAModuleBuiltWithTheProcessorNestsWithoutBeingCheckedAgain(@TempDir Path library)
      throws IOException {
    // Compiled without -parameters: read from its class file, the prompt's parameter is arg0.
    JavaFileObject research =
        JavaFileObjects.forSourceLines(
            "catalog.Research",
            "package catalog;",
            "import dev.cadre.annotations.*;",
            "@GroupChat(description = \"Researches\", participants = Scout.class, maxMessages = 2)",
            "public interface Research {",
            "  @Prompt(\"Research {{topic}}\")",
            "  String research(String topic);",
            "}");
    JavaFileObject scout =
        JavaFileObjects.forSourceLines(
            "catalog.Scout",
            "package catalog;",
            "@dev.cadre.annotations.Agent(description = \"Scouts\")",
            "public interface Scout {}");
    Compilation built =
        Compiler.javac().withProcessors(new CadreProcessor()).compile(research, scout);
    assertThat(built).succeededWithoutWarnings();
    writeClasses(built, library);

    JavaFileObject shop =
        source(
            "Shop",
            "@Agent(description = \"Sells\") interface Seller {}",
            "@GroupChat(participants = {catalog.Research.class, Seller.class}, maxMessages = 3)",
            "interface Shop {}");
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new CadreProcessor())
            .withClasspath(classPathWith(library))
            .compile(shop);

    assertThat(compilation).succeededWithoutWarnings();
  }

  private static List<String> messages(Compilation compilation) {
    List<String> messages = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
      messages.add(diagnostic.getMessage(Locale.ROOT));
    }
    return messages;
  }

  /** Writes the class files {@code compilation} made under {@code directory}, by package. */
  private static void writeClasses(Compilation compilation, Path directory) throws IOException {
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = file.toUri().getPath();
      Path target =
          directory.resolve(
              path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length()));
      Files.createDirectories(target.getParent());
      try (InputStream in = file.openInputStream()) {
        Files.write(target, in.readAllBytes());
      }
    }
  }

  /** The test's own class path (Cadre's annotations and runtime), and {@code library}. */
  private static List<File> classPathWith(Path library) {
    List<File> classPath = new ArrayList<>();
    classPath.add(library.toFile());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classPath.add(new File(entry));
    }
    return classPath;
  }

  private static JavaFileObject source(String name, String... lines) {
    List<String> all = new ArrayList<>();
    all.add("package test;");
    all.add("import dev.cadre.annotations.*;");
    all.addAll(List.of(lines));
    return JavaFileObjects.forSourceLines("test." + name, all);
  }

  private static Compilation compile(JavaFileObject... files) {
    return Compiler.javac().withProcessors(new CadreProcessor()).compile(files);
  }
}
