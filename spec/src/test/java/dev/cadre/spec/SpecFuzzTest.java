package dev.cadre.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Damaged specs (a fixed seed, a fixed number of cases) are read into a team or rejected with a
 * {@link SpecException}: never another exception, whatever the damage.
 */
class SpecFuzzTest {

  private static final String SPEC =
      "name: review\n"
          + "pattern: graph\n"
          + "model: {provider: openai, name: gpt-4o-mini}\n"
          + "termination: textMention(\"APPROVE\") or (maxMessages(9) and timeout(30s))\n"
          + "maxTurns: 8\n"
          + "entry: [writer]\n"
          + "joins: {critic: any}\n"
          + "edges:\n"
          + "  - {from: writer, to: critic}\n"
          + "  - {from: critic, to: writer, whenNotContains: APPROVE, maxTraversals: 3}\n"
          + "  - {from: critic, to: inner, whenContains: APPROVE}\n"
          + "participants:\n"
          + "  - name: writer\n"
          + "    systemMessage: Write.\n"
          + "    tools: [search]\n"
          + "  - name: critic\n"
          + "    description: Reviews\n"
          + "  - name: inner\n"
          + "    pattern: roundRobin\n"
          + "    maxTurns: 2\n"
          + "    participants:\n"
          + "      - name: editor\n";

  private static final String NOISE = ":-[]{}\"'\n\t #&*!|>,()0x9.";

  @Test
  void damagedSpecsAreReadOrRejectedWithFindings() {
    assertThat(Specs.read(SPEC, "ok.yaml").name()).isEqualTo("review");
    Random random = new Random(20);
    int rejected = 0;
    for (int i = 0; i < 400; i++) {
      String damaged = damage(SPEC, random);
      try {
        Specs.read(damaged, i % 5 == 0 ? "f.json" : "f.yaml");
      } catch (SpecException e) {
        rejected++;
        assertThat(e.findings())
            .isNotEmpty()
            .allSatisfy(finding -> assertThat(finding.where().line()).isPositive());
      }
    }
    assertThat(rejected).isGreaterThan(100);
  }

  private static String damage(String text, Random random) {
    StringBuilder out = new StringBuilder(text);
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = random.nextInt(out.length());
      switch (random.nextInt(3)) {
        case 0 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(8)));
        case 1 -> out.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
        default -> {
          int end = out.indexOf("\n", at);
          int start = out.lastIndexOf("\n", at) + 1;
          if (end > start) {
            out.insert(start, out.substring(start, end + 1));
          }
        }
      }
    }
    return out.toString();
  }
}
