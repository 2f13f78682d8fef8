package dev.cadre.processor.agent;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.cadre.processor.CadreProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Compiles test sources with the Cadre processor, the way users' builds run it (all lint, warnings
 * as errors, so generated code must compile cleanly), and loads the classes a compilation made.
 */
final class AgentCompiler {

  private AgentCompiler() {}

  /** A source file from {@code qualifiedName} and its lines. */
  static JavaFileObject source(String qualifiedName, String... lines) {
    return JavaFileObjects.forSourceLines(qualifiedName, lines);
  }

  static Compilation compile(JavaFileObject... sources) {
    // -processing: javac's note that no processor claimed @Prompt is not about generated code.
    return javac()
        .withProcessors(new CadreProcessor())
        .withOptions("-Xlint:all,-processing", "-Werror", "-parameters")
        .compile(sources);
  }

  /** The text of a source file the compilation generated. */
  static String generatedSource(Compilation compilation, String qualifiedName) {
    JavaFileObject file =
        compilation
            .generatedSourceFile(qualifiedName)
            .orElseThrow(() -> new AssertionError("no generated source " + qualifiedName));
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every source file the compilation generated. */
  static List<JavaFileObject> generatedSources(Compilation compilation) {
    return compilation.generatedSourceFiles();
  }

  /**
   * A class loader over the class files of {@code compilation}; the test's own class path (the
   * Cadre runtime) is its parent, so generated code and the test share runtime types.
   */
  static ClassLoader classLoader(Compilation compilation) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = file.toUri().getPath();
      String name =
          path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length())
              .replaceAll("\\.class$", "")
              .replace('/', '.');
      try (InputStream in = file.openInputStream()) {
        classes.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new InMemoryClassLoader(classes, AgentCompiler.class.getClassLoader());
  }

  private static final class InMemoryClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    InMemoryClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
      super(parent);
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
