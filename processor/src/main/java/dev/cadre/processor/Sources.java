package dev.cadre.processor;

import java.io.IOException;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.StandardLocation;

/**
 * Which types this compilation compiles from source, learnt round by round: the user's own (the
 * first round's) and those generated since. A type that is not among them comes from a class file,
 * compiled before, with or without the processor.
 */
public final class Sources {

  /** A type from a class file whose generated companion was never written. */
  public static final String COMPILED_WITHOUT_PROCESSOR = "Cadre/CompiledWithoutProcessor";

  private final Elements elements;
  private final Filer filer;
  private final Set<String> users = new HashSet<>();
  private final Set<String> compiled = new HashSet<>();

  Sources(Elements elements, Filer filer) {
    this.elements = elements;
    this.filer = filer;
  }

  /** Adds a round's root elements; the first round's are the user's. */
  void add(Set<? extends Element> roots) {
    boolean first = compiled.isEmpty();
    for (Element root : roots) {
      if (root instanceof TypeElement type) {
        compiled.add(type.getQualifiedName().toString());
        if (first) {
          users.add(type.getQualifiedName().toString());
        }
      }
    }
  }

  /** Whether {@code type} is compiled from source here (else it comes from a class file). */
  public boolean isCompiled(TypeElement type) {
    return compiled.contains(outermost(type).getQualifiedName().toString());
  }

  /** The top-level type the user wrote with this qualified name, or null. */
  public TypeElement usersType(String qualifiedName) {
    return users.contains(qualifiedName) ? elements.getTypeElement(qualifiedName) : null;
  }

  /**
   * Why the class Cadre generates for {@code type} as {@code companion} (a qualified name) is
   * missing, for a type from a class file compiled without the processor; null when it is there, or
   * will be (the type is compiled here).
   */
  public String withoutProcessor(TypeElement type, String companion) {
    if (isCompiled(type) || elements.getTypeElement(companion) != null) {
      return null;
    }
    String origin = origin(type);
    return type.getQualifiedName()
        + " comes from "
        + (origin == null ? "a class file" : origin)
        + ", compiled without the Cadre processor, so "
        + companion
        + ", which the generated code calls, does not exist; compile "
        + type.getQualifiedName()
        + " with cadre-processor as an annotation processor (in Maven, in the"
        + " annotationProcessorPaths of maven-compiler-plugin), then build again";
  }

  /** The jar or directory {@code type}'s class file is in, or null when the filer cannot say. */
  private String origin(TypeElement type) {
    TypeElement top = outermost(type);
    PackageElement pkg = elements.getPackageOf(top);
    String file = top.getSimpleName() + ".class";
    URI uri;
    try {
      uri = filer.getResource(StandardLocation.CLASS_PATH, pkg.getQualifiedName(), file).toUri();
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
    String path = uri.getScheme().equals("jar") ? uri.getSchemeSpecificPart() : uri.getPath();
    if (path == null) {
      return null;
    }
    int jar = path.indexOf("!/");
    if (jar >= 0) {
      String archive = path.substring(0, jar);
      return archive.startsWith("file:") ? URI.create(archive).getPath() : archive;
    }
    String relative =
        pkg.isUnnamed() ? file : pkg.getQualifiedName().toString().replace('.', '/') + "/" + file;
    return path.endsWith("/" + relative)
        ? path.substring(0, path.length() - relative.length() - 1)
        : path;
  }

  private static TypeElement outermost(TypeElement type) {
    TypeElement top = type;
    while (top.getEnclosingElement() instanceof TypeElement outer) {
      top = outer;
    }
    return top;
  }
}
