/**
 * The OpenAI Responses API provider: {@link dev.cadre.model.openai.responses.OpenAiResponsesModel},
 * for OpenAI's reasoning models.
 */
package dev.cadre.model.openai.responses;
