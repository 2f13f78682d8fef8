package dev.cadre.samples.annotated;

import dev.cadre.annotations.Agent;
import dev.cadre.annotations.Prompt;

/** An agent on its own: looks things up with a tool and answers with a typed review. */
@Agent(
    description = "Reviews Java changes for bugs and missing cases",
    systemMessage = "You review Java changes. Check the developer notes before you judge.",
    tools = DeveloperNotes.class)
public interface CodeReviewer {

  @Prompt("Review this change:\n{{diff}}")
  Review review(String diff);

  @Prompt("Explain {{topic}} in one sentence.")
  String explain(String topic);
}
