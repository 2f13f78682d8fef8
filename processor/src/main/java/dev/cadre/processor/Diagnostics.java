package dev.cadre.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Reports findings the way the processor's users read them: each on the exact element, annotation
 * and annotation value, as {@code [Cadre/Tag] what is wrong; how to mend it}. It keeps going after
 * an error, so that one compilation shows every problem, and remembers whether any error was
 * reported so that a step generates nothing for a broken declaration.
 */
public final class Diagnostics {

  private final Messager messager;
  private int errors;

  public Diagnostics(Messager messager) {
    this.messager = messager;
  }

  /** An error on {@code element}. */
  public void error(Element element, String tag, String message) {
    report(Diagnostic.Kind.ERROR, element, null, null, tag, message);
  }

  /** An error on one of {@code element}'s annotations (the whole annotation when value is null). */
  public void error(
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      String tag,
      String message) {
    report(Diagnostic.Kind.ERROR, element, annotation, value, tag, message);
  }

  /** A warning on {@code element}: legal, but probably not what was meant. */
  public void warning(Element element, String tag, String message) {
    report(Diagnostic.Kind.WARNING, element, null, null, tag, message);
  }

  /** A warning on one of {@code element}'s annotations. */
  public void warning(
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      String tag,
      String message) {
    report(Diagnostic.Kind.WARNING, element, annotation, value, tag, message);
  }

  /** How many errors have been reported so far, to tell whether a step added any. */
  public int errorCount() {
    return errors;
  }

  private void report(
      Diagnostic.Kind kind,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      String tag,
      String message) {
    if (kind == Diagnostic.Kind.ERROR) {
      errors++;
    }
    String text = "[" + tag + "] " + message;
    if (annotation == null) {
      messager.printMessage(kind, text, element);
    } else if (value == null) {
      messager.printMessage(kind, text, element, annotation);
    } else {
      messager.printMessage(kind, text, element, annotation, value);
    }
  }
}
