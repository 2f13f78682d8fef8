package dev.cadre.processor.team;

import dev.cadre.processor.Diagnostics;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Where a finding is printed: an element, optionally one of its annotations, optionally one value
 * of that annotation (an entry of {@code participants}, an {@code @Edge}, {@code maxMessages}...).
 */
record Site(Element element, AnnotationMirror annotation, AnnotationValue value) implements Origin {

  static Site of(Element element) {
    return new Site(element, null, null);
  }

  @Override
  public Site site(String tag) {
    return this;
  }

  void report(Diagnostics diagnostics, boolean error, String tag, String message) {
    if (error) {
      diagnostics.error(element, annotation, value, tag, message);
    } else {
      diagnostics.warning(element, annotation, value, tag, message);
    }
  }
}
