/** The Anthropic Messages API provider: {@link dev.cadre.model.anthropic.AnthropicChatModel}. */
package dev.cadre.model.anthropic;
