package dev.cadre.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The message an entry method of an {@link Agent} or {@link GroupChat} sends, with {@code
 * {{parameter}}} placeholders for the method's parameters. Every placeholder must name a parameter
 * and every parameter must appear in the template; the processor checks both.
 *
 * <pre>{@code
 * @Prompt("Review this diff and list the bugs:\n{{diff}}")
 * Review review(String diff);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Prompt {

  /** The template: {@code "Summarise {{text}} in {{words}} words"}. */
  String value();
}
