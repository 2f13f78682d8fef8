/**
 * The software development team sample: a planner, a coder, a tester and a reviewer, declared with
 * annotations, who iterate on a Java task until the reviewer approves. The tester's tools compile
 * the code with the JDK's compiler and run its tests in memory ({@link
 * dev.cadre.samples.devteam.JavaWorkbench}); {@link dev.cadre.samples.devteam.DevTeamSample} runs
 * it, offline on a bundled replay script or on a live model.
 */
package dev.cadre.samples.devteam;
