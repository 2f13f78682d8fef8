package dev.cadre.cli;

import static dev.cadre.cli.CadreCli.FAILED;
import static dev.cadre.cli.CadreCli.OK;

import dev.cadre.event.TerminalText;
import dev.cadre.samples.Sample;
import java.io.IOException;
import java.util.List;

/**
 * The commands that look at teams without running them: {@code list}, {@code graph} and {@code
 * validate}.
 */
final class TeamCommands {

  private final Invocation invocation;

  TeamCommands(Invocation invocation) {
    this.invocation = invocation;
  }

  /** {@code list}: each sample's name and description. */
  int list() {
    List<Sample> all = invocation.samples();
    int width = all.stream().mapToInt(s -> s.name().length()).max().orElse(0);
    for (Sample sample : all) {
      invocation.out.printf("%-" + width + "s  %s%n", sample.name(), sample.description());
    }
    invocation.out.flush();
    return OK;
  }

  /** {@code graph <sample|spec>}: the team's Mermaid flowchart. */
  int graph() throws IOException {
    Sample sample = invocation.team(invocation.positionalValue(0));
    String diagram = sample.diagram();
    if (diagram == null) {
      invocation.err.println("error: '" + sample.name() + "' has no graph to draw");
      return FAILED;
    }
    invocation.out.print(diagram.endsWith("\n") ? diagram : diagram + "\n");
    invocation.out.flush();
    return OK;
  }

  /** {@code validate <spec>}: the spec's findings, or ok. */
  int validate() throws IOException {
    String argument = invocation.positionalValue(0);
    if (!SpecSource.isSpecFile(argument)) {
      throw invocation.usage(
          "<spec> "
              + argument
              + ": validate checks spec files (.yaml, .yml, .json); a sample is checked when it is"
              + " built");
    }
    List<String> findings = invocation.specs.validate(invocation.existingSpec(argument));
    if (findings.isEmpty()) {
      invocation.out.println("ok");
      return OK;
    }
    findings.forEach(finding -> invocation.out.println(TerminalText.clean(finding)));
    return FAILED;
  }
}
