package dev.cadre.code;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Whether the sandbox tests can run: they need bubblewrap. Without it they are skipped, unless
 * {@code CADRE_REQUIRE_BWRAP=1} (CI sets it), which makes its absence fail them.
 */
final class Sandbox {

  private Sandbox() {}

  static void assumeBubblewrap() {
    boolean installed = Workspace.which("bwrap", System.getenv("PATH") + ":/usr/bin") != null;
    if (!installed && "1".equals(System.getenv("CADRE_REQUIRE_BWRAP"))) {
      throw new AssertionError(
          "CADRE_REQUIRE_BWRAP=1 and bubblewrap is not installed: apt-get install bubblewrap");
    }
    assumeTrue(installed, "bubblewrap is not installed (apt-get install bubblewrap)");
  }
}
