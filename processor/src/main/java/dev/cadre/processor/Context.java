package dev.cadre.processor;

import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * What every step works with: the compiler's element and type utilities, the filer, and the one
 * {@link Diagnostics} and {@link Sources} of the compilation.
 */
public record Context(
    ProcessingEnvironment environment,
    Elements elements,
    Types types,
    Filer filer,
    Diagnostics diagnostics,
    Sources sources) {

  public static Context of(ProcessingEnvironment environment) {
    return new Context(
        environment,
        environment.getElementUtils(),
        environment.getTypeUtils(),
        environment.getFiler(),
        new Diagnostics(environment.getMessager()),
        new Sources(environment.getElementUtils(), environment.getFiler()));
  }
}
