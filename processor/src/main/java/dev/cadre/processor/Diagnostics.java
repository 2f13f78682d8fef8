package dev.cadre.processor;

import java.util.List;
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
 *
 * <p>Long messages break over lines as javac's own do: the first line, which javac prints above the
 * source line and its caret, ends at a clause where one fits, and the rest follows below, each line
 * at most {@value #WIDTH} columns with javac's indent. A warning is not reported on an element
 * that, or whose enclosing element, carries {@code @SuppressWarnings("Cadre/<Tag>")}, so that
 * builds with {@code -Werror} can accept one they mean.
 */
public final class Diagnostics {

  /** The widest line a message prints, javac's indent of the lines after the first included. */
  static final int WIDTH = 100;

  // javac prints "File.java:12: error: " before the first line, and indents the others by two.
  private static final int FIRST_LINE = 80;
  private static final int NEXT_LINES = WIDTH - 2;
  // A clause ending earlier than this in the first line is too short a summary to stop at.
  private static final int SHORTEST_SUMMARY = 40;
  private static final List<String> CLAUSE_ENDS = List.of("; ", ": ", ", ");

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
    } else if (suppressed(element, tag)) {
      return;
    }
    String text = wrap("[" + tag + "] " + message);
    if (annotation == null) {
      messager.printMessage(kind, text, element);
    } else if (value == null) {
      messager.printMessage(kind, text, element, annotation);
    } else {
      messager.printMessage(kind, text, element, annotation, value);
    }
  }

  /** Whether {@code @SuppressWarnings(tag)} is on {@code element} or an element enclosing it. */
  private static boolean suppressed(Element element, String tag) {
    for (Element at = element; at != null; at = at.getEnclosingElement()) {
      SuppressWarnings suppress = at.getAnnotation(SuppressWarnings.class);
      if (suppress != null && List.of(suppress.value()).contains(tag)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code text} broken at spaces into lines: the first at most {@value #FIRST_LINE} characters,
   * ending after a semicolon, else a colon, else a comma when one is far enough in, the others at
   * most {@value #NEXT_LINES}. A word longer than a line keeps a line of its own.
   */
  static String wrap(String text) {
    if (text.length() <= FIRST_LINE || text.contains("\n")) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int start = 0;
    int width = FIRST_LINE;
    while (text.length() - start > width) {
      int end = breakAt(text, start, width, start == 0);
      if (end < 0) {
        break;
      }
      out.append(text, start, end).append('\n');
      start = end + 1;
      width = NEXT_LINES;
    }
    return out.append(text, start, text.length()).toString();
  }

  /** Where the line from {@code start} breaks: the index of a space, or -1 for nowhere. */
  private static int breakAt(String text, int start, int width, boolean summary) {
    // A semicolon most often parts what is wrong from how to mend it: the best end of a summary.
    for (String clause : summary ? CLAUSE_ENDS : List.<String>of()) {
      int end = text.lastIndexOf(clause, start + width - 1);
      if (end >= start + SHORTEST_SUMMARY) {
        return end + 1;
      }
    }
    int space = text.lastIndexOf(' ', start + width);
    if (space <= start) {
      space = text.indexOf(' ', start + width);
    }
    return space;
  }
}
