package dev.cadre.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes a {@link Tool} parameter for the model: {@code @Param("The city, e.g. Paris") String
 * city}. Defaults to the method's {@code @param} Javadoc tag.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Param {

  /** What the parameter means: {@code @Param("Temperature unit; CELSIUS if left out")}. */
  String value();
}
