package dev.cadre.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One piece of a model's reasoning, kept with the reply and with the assistant message in history
 * so that a provider which wants it back on the next call (Anthropic's extended thinking in a tool
 * loop, the OpenAI Responses API's reasoning items) gets it unchanged.
 *
 * <p>Which fields are set says what it is: text with a signature is an Anthropic {@code thinking}
 * block; opaque data without text is an Anthropic {@code redacted_thinking} block; text alone is
 * the {@code reasoning_content} of DeepSeek or vLLM; an id (with a summary as text, and encrypted
 * data when asked for) is a Responses API reasoning item.
 *
 * @param text the reasoning as the provider shows it (for OpenAI's Responses API, its summary), or
 *     null when it is withheld
 * @param signature the provider's signature over the text (Anthropic), sent back as given; or null
 * @param data opaque, encrypted reasoning: Anthropic's redacted thinking or the Responses API's
 *     {@code encrypted_content}; or null
 * @param id the provider's id for the item (Responses API {@code rs_...}), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reasoning(String text, String signature, String data, String id) {

  /** Checks that the reasoning holds text, data or an id. */
  public Reasoning {
    if (text == null && data == null && id == null) {
      throw new IllegalArgumentException("a reasoning part needs text, data or an id");
    }
  }

  /** Reasoning text alone, such as DeepSeek's {@code reasoning_content}. */
  public static Reasoning text(String text) {
    return new Reasoning(text, null, null, null);
  }

  /** An Anthropic {@code thinking} block: its text and the signature that must come back. */
  public static Reasoning thinking(String text, String signature) {
    return new Reasoning(text, signature, null, null);
  }

  /** An Anthropic {@code redacted_thinking} block: encrypted data, sent back as given. */
  public static Reasoning redacted(String data) {
    return new Reasoning(null, null, data, null);
  }

  /** Whether the reasoning is withheld, only its encrypted form given. */
  @JsonIgnore
  public boolean isRedacted() {
    return text == null && data != null;
  }

  /** Names the part without its data, which is opaque and may be long. */
  @Override
  public String toString() {
    return "Reasoning["
        + (id == null ? "" : id + ", ")
        + (text == null ? "" : text.length() + " chars")
        + (signature == null ? "" : ", signed")
        + (data == null ? "" : ", " + data.length() + " chars of data")
        + "]";
  }
}
