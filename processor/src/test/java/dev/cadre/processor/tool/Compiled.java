package dev.cadre.processor.tool;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.cadre.processor.CadreProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Test support: compiles sources with the Cadre processor and loads what came out (the compiled
 * sources and the generated classes) from memory, so tests can run generated code.
 */
public final class Compiled extends ClassLoader {

  /**
   * The options generated code must compile cleanly with. {@code -processing} is off because
   * {@code @Generated} on any generated file is an annotation no processor claims.
   */
  public static final String[] STRICT = {"-Xlint:all,-processing", "-Werror"};

  private final Map<String, JavaFileObject> classes = new HashMap<>();

  private Compiled(Compilation compilation) {
    super(Compiled.class.getClassLoader());
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        // In-memory class files are named like mem:///CLASS_OUTPUT/com/acme/Planner$Task.class.
        String path = file.toUri().getPath();
        String name = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length());
        classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'), file);
      }
    }
  }

  /** Compiles {@code source} (lines of {@code className}'s file) with the processor. */
  public static Compilation compile(String className, String... lines) {
    return Compiler.javac()
        .withProcessors(new CadreProcessor())
        .withOptions((Object[]) STRICT)
        .compile(JavaFileObjects.forSourceLines(className, lines));
  }

  /** A class loader over a successful compilation's classes; the test's classes are its parent. */
  public static Compiled load(Compilation compilation) {
    return new Compiled(compilation);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    JavaFileObject file = classes.get(name);
    if (file == null) {
      throw new ClassNotFoundException(name);
    }
    try (InputStream in = file.openInputStream()) {
      byte[] bytes = in.readAllBytes();
      return defineClass(name, bytes, 0, bytes.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The source javac was given or the processor generated, as text. */
  public static String text(JavaFileObject file) {
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
