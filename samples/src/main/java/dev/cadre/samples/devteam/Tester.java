package dev.cadre.samples.devteam;

import dev.cadre.annotations.Agent;

/** Compiles the coder's latest code and runs tests against it with the workbench's tools. */
@Agent(
    description = "Compiles the latest code and tests it with real tools",
    systemMessage =
        "You test the coder's latest Java file. First compile it with compileJava. If it does not"
            + " compile, report the compiler's errors exactly, with their lines. If it compiles,"
            + " write a test class (a public class whose tests are public static void methods"
            + " without parameters that throw AssertionError on failure, covering the planned"
            + " cases) and run it with runTests. Report the outcome of every test.",
    tools = JavaWorkbench.class,
    maxToolIterations = 4)
public interface Tester {}
