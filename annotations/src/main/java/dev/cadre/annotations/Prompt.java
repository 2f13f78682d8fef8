package dev.cadre.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The message an entry method of an {@link Agent} or {@link GroupChat} sends, with {@code
 * {{parameter}}} placeholders for the method's parameters, and {@code {{parameter.component}}} for
 * the components of a record parameter ({@code {{order.customer.name}}}; a null record on the way
 * reads "null", as a null parameter does). Every placeholder must name a parameter (and components
 * its record has) and every parameter must appear in the template; the processor checks both. Every
 * <code>{{</code> opens a placeholder, so {@code {{}}}, <code>{{text}</code> or three braces fail
 * to compile; write <code>\\{{</code> for two braces of text. Values are sent as text, never read
 * as a template.
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
