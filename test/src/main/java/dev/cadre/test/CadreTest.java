package dev.cadre.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a JUnit 5 test class (or method) whose {@code ChatModel} parameters come from a {@link
 * Cassette} kept beside the test, at {@code <cassettes>/<TestClass>/<testMethod>.jsonl} ({@code
 * <testMethod>-<n>.jsonl} for the nth invocation of a parameterized or repeated test).
 *
 * <p>Each test replays its cassette by default; {@code -Dcadre.test.mode=record} (or {@code
 * CADRE_TEST_MODE=record}) records it against the provider the environment configures ({@link
 * dev.cadre.model.ModelConfig#fromEnvironment()}). A parameter annotated {@link Track} gets that
 * track's model; one without gets track {@code model}. A {@link Cassette} parameter gives the
 * cassette itself, for tools and for the requests each model saw.
 *
 * <p>To record with another live model (a local server, a model per track), register a {@link
 * CadreExtension} with {@code @RegisterExtension} instead of this annotation.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(CadreExtension.class)
public @interface CadreTest {

  /** Record, replay or auto; the system property or environment variable overrides it. */
  Mode mode() default Mode.REPLAY;

  /** The directory of the cassettes, relative to the working directory (the module's). */
  String cassettes() default CadreExtension.DEFAULT_DIRECTORY;

  /** Request fields, by name, whose values may differ from the recording (ids, seeds...). */
  String[] freeToVary() default {};

  /** Regular expressions for text in requests that may differ from the recording (dates...). */
  String[] varyingText() default {};
}
