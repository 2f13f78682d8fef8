package dev.cadre.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the cassette track of a {@code ChatModel} test parameter, so that each model of a team (a
 * selector's, each agent's) records and replays on its own.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Track {

  /** The track's name, such as {@code selector} or {@code writer}. */
  String value();
}
