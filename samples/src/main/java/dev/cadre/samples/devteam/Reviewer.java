package dev.cadre.samples.devteam;

import dev.cadre.annotations.Agent;

/** Approves the code once it compiles and its tests pass, or sends it back to the coder. */
@Agent(
    description = "Reviews the code and the test results; approves or asks for changes",
    systemMessage =
        "You review the coder's latest Java file and the tester's report. Answer APPROVE, with one"
            + " line on why, only when the code compiled, every test passed and the code is clear."
            + " Otherwise start with CHANGES NEEDED and list what the coder must fix; then do not"
            + " write the word approve anywhere.")
public interface Reviewer {}
