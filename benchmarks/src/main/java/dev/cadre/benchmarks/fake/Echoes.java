package dev.cadre.benchmarks.fake;

import java.util.ArrayList;
import java.util.List;

/**
 * The group chat's four echo agents, as every contestant's own agents report to it: who spoke, so a
 * set-up can check the round robin, and with nothing else to do, the chat costs only the framework.
 */
public final class Echoes {

  /** The agents' names, in speaking order. */
  public static final List<String> NAMES = List.of("echo_a", "echo_b", "echo_c", "echo_d");

  /** Turns per chat: 25 rounds of the four. */
  public static final int TURNS = 100;

  private final List<String> spoke = new ArrayList<>();
  private volatile boolean recording;

  /** Called by echo agent {@code name} as it speaks; the answer is what it was given. */
  public String echo(String name, String message) {
    if (recording) {
      synchronized (spoke) {
        spoke.add(name);
      }
    }
    return message;
  }

  public void startRecording() {
    synchronized (spoke) {
      spoke.clear();
    }
    recording = true;
  }

  /** Who spoke since recording started, in order; stops recording. */
  public List<String> stopRecording() {
    recording = false;
    synchronized (spoke) {
      return List.copyOf(spoke);
    }
  }
}
