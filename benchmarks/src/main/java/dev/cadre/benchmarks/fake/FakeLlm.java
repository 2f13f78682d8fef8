package dev.cadre.benchmarks.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one fake model behind every contestant: the same canned replies, whichever framework asks.
 * Each framework reaches it through a thin adapter to its own model interface, so what differs
 * between contestants is only the framework's overhead.
 *
 * <p>The replies: when tools are offered and the last message is not a tool result, a call of
 * {@code add({"a":2,"b":3})}; after a tool result, {@link #FINAL_TEXT}; otherwise this instance's
 * plain text. Each instance counts its calls, and while it records (see {@link #startRecording}) its
 * adapters hand it the text of each request, so that a benchmark's set-up can check what it ran.
 */
public final class FakeLlm {

  /** The tool the fake asks for when tools are offered. */
  public static final String TOOL_NAME = "add";

  /** The arguments of that call. */
  public static final String TOOL_ARGUMENTS = "{\"a\":2,\"b\":3}";

  /** The id of that call. */
  public static final String TOOL_CALL_ID = "call_1";

  /** The answer after a tool result. */
  public static final String FINAL_TEXT = "2 + 3 = 5.";

  /** The plain answer of a model built with {@link #FakeLlm()}. */
  public static final String PLAIN_TEXT = "Hello from the fake model.";

  /** What the model answers. */
  public enum Reply {
    /** Call {@link #TOOL_NAME} with {@link #TOOL_ARGUMENTS}. */
    TOOL_CALL,
    /** Answer with {@link #FINAL_TEXT}. */
    FINAL,
    /** Answer with the instance's plain text. */
    PLAIN
  }

  private final String plainText;
  private final AtomicInteger calls = new AtomicInteger();
  private final List<String> seen = new ArrayList<>();
  private volatile boolean record;

  public FakeLlm() {
    this(PLAIN_TEXT);
  }

  /** A model whose plain answer is {@code plainText}: agents in a sequence each get their own. */
  public FakeLlm(String plainText) {
    this.plainText = plainText;
  }

  /**
   * Chooses the reply for a request.
   *
   * @param toolsOffered whether the request offers any tool
   * @param lastIsToolResult whether the request's last message is a tool result
   */
  public Reply reply(boolean toolsOffered, boolean lastIsToolResult) {
    calls.incrementAndGet();
    if (lastIsToolResult) {
      return Reply.FINAL;
    }
    return toolsOffered ? Reply.TOOL_CALL : Reply.PLAIN;
  }

  public String plainText() {
    return plainText;
  }

  /** Whether adapters should hand over each request's text, with {@link #see}. */
  public boolean recording() {
    return record;
  }

  /** Keeps the text of one request (all its messages, as its adapter renders them). */
  public void see(String requestText) {
    synchronized (seen) {
      seen.add(requestText);
    }
  }

  /** Calls since the last {@link #startRecording}. */
  public int calls() {
    return calls.get();
  }

  /** Resets the count and keeps the text of each request until {@link #stopRecording}. */
  public void startRecording() {
    calls.set(0);
    synchronized (seen) {
      seen.clear();
    }
    record = true;
  }

  /** Stops keeping requests and returns the text of each one since recording began. */
  public List<String> stopRecording() {
    record = false;
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }
}
