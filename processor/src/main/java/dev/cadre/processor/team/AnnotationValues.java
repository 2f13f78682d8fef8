package dev.cadre.processor.team;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * The values of an annotation as the team step reads them. A class or type javac has not resolved
 * yet (one another processor is still to write) throws {@link Unresolved}, which defers the team.
 */
final class AnnotationValues {

  private AnnotationValues() {}

  /** Every member of {@code mirror} by name, defaults included. */
  static Map<String, AnnotationValue> of(Elements elements, AnnotationMirror mirror) {
    Map<String, AnnotationValue> values = new LinkedHashMap<>();
    elements
        .getElementValuesWithDefaults(mirror)
        .forEach((member, value) -> values.put(member.getSimpleName().toString(), value));
    return values;
  }

  /** The string member {@code member}. */
  static String string(Map<String, AnnotationValue> values, String member) {
    return (String) values.get(member).getValue();
  }

  /** The name of the enum constant {@code value}. */
  static String enumConstant(AnnotationValue value) {
    return ((VariableElement) value.getValue()).getSimpleName().toString();
  }

  /** The entries of the array member {@code value}. */
  @SuppressWarnings("unchecked") // an array member's value is always a list of its entries
  static List<AnnotationValue> list(AnnotationValue value) {
    return (List<AnnotationValue>) value.getValue();
  }

  /** A class literal's type; unresolved ones (not generated yet) defer the whole team. */
  static TypeMirror classValue(AnnotationValue value) {
    if (!(value.getValue() instanceof TypeMirror type)) {
      throw new Unresolved(); // javac gives "<error>" for a class it cannot find
    }
    return resolved(type);
  }

  /** {@code type}, once javac has resolved it. */
  static TypeMirror resolved(TypeMirror type) {
    if (type.getKind() == TypeKind.ERROR) {
      throw new Unresolved();
    }
    return type;
  }

  /** Thrown, and caught in {@link TeamReader#read}, when a type is not resolved yet. */
  static final class Unresolved extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unresolved() {
      super(null, null, false, false);
    }
  }
}
