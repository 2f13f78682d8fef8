package dev.cadre.processor;

import com.palantir.javapoet.JavaFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.TypeElement;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes what the steps generate, and says why when it cannot: a class of the user's that has the
 * generated class's name ({@value #NAME_TAKEN}, on that class), or a failure of the filer ({@value
 * #WRITE_FAILED}, on the declaration).
 */
public final class Output {

  public static final String NAME_TAKEN = "Cadre/GeneratedNameTaken";
  public static final String WRITE_FAILED = "Cadre/WriteFailed";

  private final Context context;

  public Output(Context context) {
    this.context = context;
  }

  /**
   * Writes {@code file}, generated for {@code origin}.
   *
   * @param what what it is generated for, for a message: "@Agent com.acme.Writer"
   * @return whether it was written
   */
  public boolean write(JavaFile file, TypeElement origin, String what) {
    String name =
        file.packageName().isEmpty()
            ? file.typeSpec().name()
            : file.packageName() + "." + file.typeSpec().name();
    TypeElement taken = context.sources().usersType(name);
    if (taken != null) {
      context
          .diagnostics()
          .error(
              taken,
              NAME_TAKEN,
              "class "
                  + name
                  + " has the name of the class Cadre generates for "
                  + what
                  + "; rename "
                  + taken.getSimpleName()
                  + " (Cadre names what it generates Cadre<Name> and <Name>_Tools), or rename "
                  + origin.getSimpleName());
      return false;
    }
    try {
      file.writeTo(context.filer());
      return true;
    } catch (IOException e) {
      failed(origin, name, e);
      return false;
    }
  }

  /**
   * Writes {@code text} as the class-output resource {@code path}, generated for {@code origin}.
   */
  public void writeResource(String path, String text, TypeElement origin) {
    try {
      FileObject resource =
          context.filer().createResource(StandardLocation.CLASS_OUTPUT, "", path, origin);
      try (Writer out = resource.openWriter()) {
        out.write(text);
      }
    } catch (IOException e) {
      failed(origin, path, e);
    }
  }

  /**
   * Writes {@code META-INF/services/<service>} listing {@code providers}, after the ones an earlier
   * compilation into the same output listed (an incremental build compiles only some holders).
   */
  public void writeServices(String service, List<String> providers, List<TypeElement> origins) {
    String path = "META-INF/services/" + service;
    Set<String> lines = new LinkedHashSet<>(existingLines(path));
    lines.addAll(providers);
    writeLines(path, lines, origins);
  }

  /**
   * Writes the class-output resource {@code path} as an index: {@code entries} and those an earlier
   * compilation into the same output wrote there, each once, sorted, so that the file is the same
   * whatever the order of rounds and holders.
   */
  public void writeIndex(String path, List<String> entries, List<TypeElement> origins) {
    Set<String> lines = new TreeSet<>(existingLines(path));
    lines.addAll(entries);
    writeLines(path, lines, origins);
  }

  /** The non-blank lines of the class-output resource {@code path}; none if there is none yet. */
  private List<String> existingLines(String path) {
    try {
      FileObject existing = context.filer().getResource(StandardLocation.CLASS_OUTPUT, "", path);
      try (Reader in = existing.openReader(true)) {
        return new BufferedReader(in)
            .lines()
            .map(String::strip)
            .filter(line -> !line.isEmpty())
            .toList();
      }
    } catch (IOException | IllegalArgumentException e) {
      return List.of(); // none yet: the usual case
    }
  }

  private void writeLines(String path, Set<String> lines, List<TypeElement> origins) {
    try {
      FileObject resource =
          context
              .filer()
              .createResource(
                  StandardLocation.CLASS_OUTPUT, "", path, origins.toArray(TypeElement[]::new));
      try (Writer out = resource.openWriter()) {
        for (String line : lines) {
          out.write(line);
          out.write('\n');
        }
      }
    } catch (IOException e) {
      failed(origins.get(0), path, e);
    }
  }

  private void failed(TypeElement origin, String name, IOException e) {
    context
        .diagnostics()
        .error(
            origin,
            WRITE_FAILED,
            "Cadre could not write "
                + name
                + ": "
                + e.getMessage()
                + "; check that no other processor writes a file of that name, and that the"
                + " output directory is writable");
  }
}
