package dev.cadre.processor.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.processor.CadreProcessor;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;

/** The kinds of holder the step accepts, each compiled with -Xlint:all -Werror and run. */
class ToolHoldersTest {

  @SuppressWarnings("unchecked")
  static List<Tool> tools(Compiled classes, String binding, Object... instance) throws Exception {
    Class<?> type = classes.loadClass(binding);
    for (Method method : type.getMethods()) {
      if (method.getName().equals("tools")) {
        return (List<Tool>) method.invoke(null, instance);
      }
    }
    throw new AssertionError(binding + " has no tools method");
  }

  static Object newInstance(Compiled classes, String className) throws Exception {
    var constructor = classes.loadClass(className).getDeclaredConstructor();
    constructor.setAccessible(true);
    return constructor.newInstance();
  }

  static Object call(Tool tool, String arguments) throws Exception {
    return tool.function()
        .call(
            (ObjectNode) Json.parse(arguments.replace('\'', '"')),
            new ToolContext("c", new CancellationToken()));
  }

  @Test
  void staticOnlyHolderNestedInAnotherClassNeedsNoInstance() throws Exception {
    Compilation compilation =
        Compiled.compile(
            "com.acme.Outer",
            "package com.acme;",
            "import dev.cadre.annotations.Tool;",
            "public class Outer {",
            "  public static class Clock {",
            "    @Tool(\"Adds\") public static int add(int a, int b) { return a + b; }",
            "  }",
            "}");
    CompilationSubject.assertThat(compilation).succeededWithoutWarnings();
    Compiled classes = Compiled.load(compilation);
    Class<?> binding = classes.loadClass("com.acme.Outer_Clock_Tools");

    assertThat(Modifier.isFinal(binding.getModifiers())).isTrue();
    assertThat(binding.getMethod("tools").getParameterCount()).isZero();
    List<Tool> tools = tools(classes, "com.acme.Outer_Clock_Tools");
    assertThat(call(tools.get(0), "{'a':2,'b':3}")).isEqualTo("5");
  }

  @Test
  void interfaceHolderWithAbstractDefaultAndStaticTools() throws Exception {
    Compilation compilation =
        Compiled.compile(
            "com.acme.Greeter",
            "package com.acme;",
            "import dev.cadre.annotations.Tool;",
            "public interface Greeter {",
            "  @Tool(\"Greets\") String greet(String name);",
            "  @Tool(\"Greets loudly\") default String shout(String name) {",
            "    return greet(name).toUpperCase();",
            "  }",
            "  @Tool(\"Says bye\") static String bye() { return \"bye\"; }",
            "  final class English implements Greeter {",
            "    public String greet(String name) { return \"hello \" + name; }",
            "  }",
            "}");
    CompilationSubject.assertThat(compilation).succeededWithoutWarnings();

    Compiled classes = Compiled.load(compilation);
    List<Tool> tools =
        tools(classes, "com.acme.Greeter_Tools", newInstance(classes, "com.acme.Greeter$English"));
    assertThat(call(tools.get(0), "{'name':'ana'}")).isEqualTo("hello ana");
    assertThat(call(tools.get(1), "{'name':'ana'}")).isEqualTo("HELLO ANA");
    assertThat(call(tools.get(2), "{}")).isEqualTo("bye");
  }

  @Test
  void innerClassAndGenericHolders() throws Exception {
    Compilation compilation =
        Compiled.compile(
            "com.acme.Shop",
            "package com.acme;",
            "import dev.cadre.annotations.Tool;",
            "import java.util.List;",
            "public class Shop {",
            "  String name = \"corner\";",
            "  public class Till {",
            "    @Tool(\"The shop's name\") public String shop() { return name; }",
            "  }",
            "  public static class Shelf<T> {",
            "    @Tool(\"Counts\") public int count(List<String> items) { return items.size(); }",
            "  }",
            "  public Till till() { return new Till(); }",
            "}");
    CompilationSubject.assertThat(compilation).succeededWithoutWarnings();
    Compiled classes = Compiled.load(compilation);
    Object shop = classes.loadClass("com.acme.Shop").getConstructor().newInstance();
    Object till = shop.getClass().getMethod("till").invoke(shop);
    Object shelf = classes.loadClass("com.acme.Shop$Shelf").getConstructor().newInstance();

    List<Tool> tillTools = tools(classes, "com.acme.Shop_Till_Tools", till);
    List<Tool> shelfTools = tools(classes, "com.acme.Shop_Shelf_Tools", shelf);

    assertThat(call(tillTools.get(0), "{}")).isEqualTo("corner");
    assertThat(call(shelfTools.get(0), "{'items':['a','b']}")).isEqualTo("2");
  }

  @Test
  void parametersNamedLikeTheBindingsOwnVariablesStillWork() throws Exception {
    Compilation compilation =
        Compiled.compile(
            "com.acme.Names",
            "package com.acme;",
            "import dev.cadre.annotations.Tool;",
            "public class Names {",
            "  @Tool(\"Joins\")",
            "  public String join(String instance, String arguments, String context, int result) {",
            "    return instance + arguments + context + result;",
            "  }",
            "  @Tool(\"Joins too\")",
            "  public static String join2(dev.cadre.tool.ToolContext context, String"
                + " contextArgument) {",
            "    return context.callId() + contextArgument;",
            "  }",
            "}");
    CompilationSubject.assertThat(compilation).succeededWithoutWarnings();

    Compiled classes = Compiled.load(compilation);
    List<Tool> tools =
        tools(classes, "com.acme.Names_Tools", newInstance(classes, "com.acme.Names"));
    assertThat(call(tools.get(0), "{'instance':'a','arguments':'b','context':'c','result':4}"))
        .isEqualTo("abc4");
    assertThat(call(tools.get(1), "{'contextArgument':'!'}")).isEqualTo("c!");
    assertThat(tools.get(1).spec().parameters().at("/properties").size()).isEqualTo(1);
  }

  @Test
  void deprecatedToolsCompileWithoutWarnings() {
    Compilation compilation =
        Compiled.compile(
            "com.acme.Old",
            "package com.acme;",
            "import dev.cadre.annotations.Tool;",
            "@Deprecated",
            "public class Old {",
            "  @Deprecated @Tool(\"Old tool\") public static String old() { return \"\"; }",
            "}");
    CompilationSubject.assertThat(compilation).succeededWithoutWarnings();
  }

  /** Writes {@code com.acme.Extra} in the first round, as another processor might. */
  static final class ExtraMaker extends AbstractProcessor {
    private boolean done;

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
      if (!done) {
        done = true;
        try (Writer writer =
            processingEnv.getFiler().createSourceFile("com.acme.Extra").openWriter()) {
          writer.write("package com.acme;\npublic record Extra(String label, int weight) {}\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  @Test
  void aHolderUsingATypeGeneratedLaterIsDeferredUntilItExists() throws Exception {
    Compilation compilation =
        Compiler.javac()
            // The other processor runs first: Cadre claims its annotations, and javac offers a
            // later processor only what is left unclaimed.
            .withProcessors(new ExtraMaker(), new CadreProcessor())
            .withOptions((Object[]) Compiled.STRICT)
            .compile(
                JavaFileObjects.forSourceLines(
                    "com.acme.Weigher",
                    "package com.acme;",
                    "import dev.cadre.annotations.Tool;",
                    "public class Weigher {",
                    "  @Tool(\"Weighs\") public static Extra heavier(Extra a, Extra b) {",
                    "    return a.weight() >= b.weight() ? a : b;",
                    "  }",
                    "}"));
    CompilationSubject.assertThat(compilation).succeededWithoutWarnings();

    List<Tool> tools = tools(Compiled.load(compilation), "com.acme.Weigher_Tools");
    assertThat(call(tools.get(0), "{'a':{'label':'x','weight':1},'b':{'label':'y','weight':2}}"))
        .isEqualTo("{\"label\":\"y\",\"weight\":2}");
  }
}
