package dev.cadre.processor.prompt;

import dev.cadre.graph.Suggestions;
import dev.cadre.processor.Access;
import dev.cadre.processor.Context;
import dev.cadre.processor.prompt.PromptTemplate.Placeholder;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Follows a {@code {{param.component...}}} placeholder through the records it names, at compile
 * time, as the generated code will: through each record's accessor. A component that is not there,
 * a step into something that is no record, or a record the generated code cannot name is {@value
 * #INVALID_PATH}, reported on the {@code @Prompt} value.
 */
public final class PromptPaths {

  public static final String INVALID_PATH = "Cadre/InvalidPlaceholderPath";

  private final Context context;

  public PromptPaths(Context context) {
    this.context = context;
  }

  /**
   * Where a placeholder led.
   *
   * @param type the type of the component it ends at, or null with a problem or unresolved
   * @param problem why it leads nowhere, a sentence after "the prompt of m() uses {{...}}, but"
   * @param unresolved whether a type on the way is not generated yet: defer, report nothing
   */
  public record Followed(TypeMirror type, String problem, boolean unresolved) {}

  /**
   * Follows {@code placeholder}'s components from its parameter.
   *
   * @param parameter the type of the parameter it starts at
   * @param from the package the generated code is in
   */
  public Followed follow(Placeholder placeholder, TypeMirror parameter, PackageElement from) {
    TypeMirror type = parameter;
    String path = placeholder.parameter();
    for (String name : placeholder.components()) {
      if (type.getKind() == TypeKind.ERROR) {
        return new Followed(null, null, true);
      }
      TypeElement record =
          type instanceof DeclaredType declared ? (TypeElement) declared.asElement() : null;
      if (record == null || record.getKind() != ElementKind.RECORD) {
        return problem(
            path
                + (isVowel(type.toString().charAt(0)) ? " is an " : " is a ")
                + type
                + ", not a record, so it has no component '"
                + name
                + "'; use {{"
                + path
                + "}}");
      }
      String inaccessible = Access.problem(context.elements(), record, from);
      if (inaccessible != null) {
        return problem(
            "the generated code cannot read the components of record "
                + record.getQualifiedName()
                + ", as "
                + inaccessible
                + "; make it public, or use {{"
                + path
                + "}}");
      }
      RecordComponentElement component = component(record, name);
      if (component == null) {
        return problem(unknown(record, name, placeholder, path));
      }
      ExecutableElement accessor = component.getAccessor();
      type =
          ((ExecutableType) context.types().asMemberOf((DeclaredType) type, accessor))
              .getReturnType();
      path += "." + name;
    }
    return type.getKind() == TypeKind.ERROR
        ? new Followed(null, null, true)
        : new Followed(type, null, false);
  }

  private static boolean isVowel(char c) {
    return "aeiouAEIOU".indexOf(c) >= 0;
  }

  private static Followed problem(String problem) {
    return new Followed(null, problem, false);
  }

  private static RecordComponentElement component(TypeElement record, String name) {
    for (RecordComponentElement component : record.getRecordComponents()) {
      if (component.getSimpleName().contentEquals(name)) {
        return component;
      }
    }
    return null;
  }

  /** "record R has no component 'x'; its components are ...; did you mean {{...}}?". */
  private static String unknown(
      TypeElement record, String name, Placeholder placeholder, String path) {
    List<String> names = new ArrayList<>();
    record.getRecordComponents().forEach(c -> names.add(c.getSimpleName().toString()));
    String message =
        "record "
            + record.getQualifiedName()
            + " has no component '"
            + name
            + "'; "
            + (names.isEmpty() ? "it has none" : "its components are " + String.join(", ", names));
    String closest = Suggestions.closest(name, names);
    if (closest == null) {
      return message;
    }
    List<String> mended = new ArrayList<>(placeholder.components());
    int at = path.split("\\.").length - 1;
    mended.set(at, closest);
    return message
        + "; did you mean {{"
        + new Placeholder(placeholder.parameter(), mended).path()
        + "}}?";
  }
}
