package dev.cadre.model.replay;

import dev.cadre.model.ChatResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One scripted reply of a {@link ReplayChatModel}.
 *
 * @param response what the model answers
 * @param chunks how the text streams, in order; empty to stream it word by word
 * @param delay how long the model "thinks" before answering; a cancelled call stops waiting
 */
public record ReplayStep(ChatResponse response, List<String> chunks, Duration delay) {

  /** Checks that the chunks, when given, add up to the response's text. */
  public ReplayStep {
    Objects.requireNonNull(response, "response");
    chunks = chunks == null ? List.of() : List.copyOf(chunks);
    delay = delay == null ? Duration.ZERO : delay;
    if (!chunks.isEmpty() && !String.join("", chunks).equals(response.text())) {
      throw new IllegalArgumentException("the chunks of a scripted reply must add up to its text");
    }
  }

  /** The pieces the text streams in: the given chunks, or the text cut after each space. */
  List<String> streamChunks() {
    if (!chunks.isEmpty()) {
      return chunks;
    }
    String text = response.text();
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    java.util.ArrayList<String> words = new java.util.ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == ' ') {
        words.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      words.add(text.substring(start));
    }
    return words;
  }
}
