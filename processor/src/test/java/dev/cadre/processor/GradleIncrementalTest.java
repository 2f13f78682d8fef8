package dev.cadre.processor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What the processor tells Gradle's incremental compilation: nothing, so Gradle compiles a module
 * that uses it in full, which is always correct.
 *
 * <p>It is not isolating: a team's generated class depends on its participants' annotations, and an
 * agent's on its tool holders' {@code @Tool} methods, types other than the one it is generated
 * for. Nor can it be aggregating: Gradle then hands the processor every unchanged annotated type as
 * a class file, where Javadoc (tool and parameter descriptions), {@code @SuppressWarnings} and,
 * without {@code -parameters}, parameter names (prompt placeholders, tool arguments) are gone, so
 * an incremental build would write other code than a full one, or fail.
 */
class GradleIncrementalTest {

  @Test
  void theProcessorClaimsNoIncrementalCategory() {
    assertThat(
            CadreProcessor.class
                .getClassLoader()
                .getResource("META-INF/gradle/incremental.annotation.processors"))
        .isNull();
  }
}
