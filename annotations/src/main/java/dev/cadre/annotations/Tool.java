package dev.cadre.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Offers a method to agents as a tool. Static and instance methods both work, checked exceptions
 * too (they reach the model as an error it can act on). Parameters and the return type must map to
 * JSON: primitives and their boxes, {@code String}, enums, records, {@code List}, {@code Set},
 * {@code Map<String, V>}, {@code Optional} and {@code java.time} types.
 *
 * <pre>{@code
 * final class WeatherTools {
 *   @Tool("Current weather in a city")
 *   static String weather(@Param("The city, e.g. Paris") String city) { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Tool {

  /**
   * What the tool does, in words the model reads: {@code @Tool("Current weather in a city")}.
   * Defaults to the method's Javadoc.
   */
  String value() default "";

  /**
   * The name the model calls: {@code name = "get_weather"}; 1 to 64 letters, digits, '_' or '-'.
   * Defaults to the method's name.
   */
  String name() default "";
}
