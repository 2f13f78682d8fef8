package dev.cadre.samples.devteam;

import com.sun.source.util.JavacTask;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources held in strings with the JDK's own compiler, keeping the class files in
 * memory. Nothing touches the disk, and the code sees only the JDK: the class path is empty, and
 * the classes load in a loader whose parent is the platform loader, not the application's.
 */
final class InMemoryCompiler {

  // The file name must match the public type, or javac refuses the source.
  private static final Pattern PUBLIC_TYPE =
      Pattern.compile(
          "\\bpublic\\s+(?:(?:final|abstract|sealed|non-sealed|strictfp|static)\\s+)*"
              + "(?:class|interface|enum|record|@interface)\\s+([A-Za-z_$][\\w$]*)");
  private static final Pattern ANY_TYPE =
      Pattern.compile("\\b(?:class|interface|enum|record)\\s+([A-Za-z_$][\\w$]*)");

  /** One source file: the name of its main type and its text. */
  record Source(String typeName, String text) {
    Source {
      Objects.requireNonNull(typeName, "typeName");
      Objects.requireNonNull(text, "text");
    }

    /** A source named after its public type (or its first type when none is public). */
    static Source of(String text) {
      Matcher named = PUBLIC_TYPE.matcher(text);
      if (named.find()) {
        return new Source(named.group(1), text);
      }
      Matcher any = ANY_TYPE.matcher(text);
      return new Source(any.find() ? any.group(1) : "Main", text);
    }

    String fileName() {
      return typeName + ".java";
    }
  }

  /**
   * What came out of one compilation.
   *
   * @param errors the compiler's errors, each as {@code File.java:LINE: error: message} followed by
   *     the offending line; empty when it compiled
   * @param loader the compiled classes, or null when it did not compile
   * @param types the binary names of the top-level types, by simple name
   * @param testMethods for each top-level type, its public static void methods without parameters
   */
  record Result(
      List<String> errors,
      ClassLoader loader,
      Map<String, String> types,
      Map<String, List<String>> testMethods) {

    boolean compiled() {
      return errors.isEmpty();
    }
  }

  /** The name of the loaders of compiled code, which stack frames carry. */
  static final String LOADER_NAME = "devteam-compiled";

  private final JavaCompiler compiler;

  InMemoryCompiler() {
    this.compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IllegalStateException(
          "no Java compiler in this runtime (java.home="
              + System.getProperty("java.home")
              + "): run the sample on a JDK, not a JRE");
    }
  }

  Result compile(List<Source> sources) {
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Map<String, ByteArrayOutputStream> classes = new HashMap<>();
    List<JavaFileObject> units = new ArrayList<>();
    Map<String, String> texts = new HashMap<>();
    for (Source source : sources) {
      units.add(new StringSource(source));
      texts.put(source.fileName(), source.text());
    }
    try (StandardJavaFileManager standard =
            compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
        MemoryFileManager files = new MemoryFileManager(standard, classes)) {
      // Only the JDK: the code under test must not see (or depend on) Cadre's own class path.
      standard.setLocation(StandardLocation.CLASS_PATH, List.of());
      // The system compiler's tasks are javac's, which can hand back the analysed elements: that is
      // how the test methods are found without reflecting on the loaded classes.
      JavacTask task =
          (JavacTask)
              compiler.getTask(
                  null,
                  files,
                  diagnostics,
                  List.of("-g", "-proc:none", "-Xlint:none"),
                  null,
                  units);
      Iterable<? extends Element> analysed = task.analyze();
      List<String> errors = errors(diagnostics, texts);
      if (!errors.isEmpty()) {
        return new Result(errors, null, Map.of(), Map.of());
      }
      // Read the elements before generating: javac closes its context once it has written.
      Elements elements = task.getElements();
      Map<String, String> types = new HashMap<>();
      Map<String, List<String>> tests = new HashMap<>();
      for (TypeElement type : ElementFilter.typesIn(analysed)) {
        String simple = type.getSimpleName().toString();
        types.put(simple, elements.getBinaryName(type).toString());
        tests.put(simple, testMethods(type));
      }
      task.generate();
      errors = errors(diagnostics, texts);
      if (!errors.isEmpty()) {
        return new Result(errors, null, Map.of(), Map.of());
      }
      return new Result(List.of(), new MemoryClassLoader(classes), types, tests);
    } catch (IOException e) {
      throw new IllegalStateException(
          "could not set up the in-memory compiler: " + e.getMessage(), e);
    }
  }

  private static List<String> testMethods(TypeElement type) {
    List<String> names = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (method.getModifiers().containsAll(List.of(Modifier.PUBLIC, Modifier.STATIC))
          && method.getReturnType().getKind() == TypeKind.VOID
          && method.getParameters().isEmpty()) {
        names.add(method.getSimpleName().toString());
      }
    }
    return List.copyOf(names);
  }

  private static List<String> errors(
      DiagnosticCollector<JavaFileObject> diagnostics, Map<String, String> texts) {
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
      if (diagnostic.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      String file = diagnostic.getSource() == null ? "" : fileName(diagnostic.getSource());
      long line = diagnostic.getLineNumber();
      StringBuilder error = new StringBuilder();
      error.append(file.isEmpty() ? "" : file + ":" + (line > 0 ? line + ":" : "") + " ");
      error.append("error: ").append(diagnostic.getMessage(Locale.ROOT));
      String text = texts.get(file);
      if (text != null && line > 0) {
        String[] lines = text.split("\r?\n", -1);
        if (line <= lines.length) {
          error.append('\n').append(lines[(int) line - 1].stripTrailing());
        }
      }
      errors.add(error.toString());
    }
    return errors;
  }

  private static String fileName(JavaFileObject file) {
    String path = file.toUri().getPath();
    return path == null ? file.getName() : path.substring(path.lastIndexOf('/') + 1);
  }

  private static final class StringSource extends SimpleJavaFileObject {
    private final String text;

    StringSource(Source source) {
      super(URI.create("string:///" + source.fileName()), Kind.SOURCE);
      this.text = source.text();
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }

  private static final class ClassBytes extends SimpleJavaFileObject {
    private final ByteArrayOutputStream bytes;

    ClassBytes(String binaryName, ByteArrayOutputStream bytes) {
      super(URI.create("bytes:///" + binaryName.replace('.', '/') + ".class"), Kind.CLASS);
      this.bytes = bytes;
    }

    @Override
    public OutputStream openOutputStream() {
      return bytes;
    }
  }

  /** Sends class files to memory instead of the disk. */
  private static final class MemoryFileManager
      extends ForwardingJavaFileManager<StandardJavaFileManager> {
    private final Map<String, ByteArrayOutputStream> classes;

    MemoryFileManager(
        StandardJavaFileManager standard, Map<String, ByteArrayOutputStream> classes) {
      super(standard);
      this.classes = classes;
    }

    @Override
    public JavaFileObject getJavaFileForOutput(
        JavaFileManager.Location location,
        String className,
        JavaFileObject.Kind kind,
        FileObject sibling) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      classes.put(className, bytes);
      return new ClassBytes(className, bytes);
    }
  }

  /** Defines the compiled classes; everything else comes from the JDK alone. */
  private static final class MemoryClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes = new HashMap<>();

    MemoryClassLoader(Map<String, ByteArrayOutputStream> compiled) {
      super(LOADER_NAME, ClassLoader.getPlatformClassLoader());
      compiled.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
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
