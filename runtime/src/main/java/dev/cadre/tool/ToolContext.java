package dev.cadre.tool;

import dev.cadre.core.CancellationToken;

/**
 * What a running tool may know of its call.
 *
 * @param callId the model's id for this call
 * @param cancellation cancelled when the run is, or when the tool exceeds its timeout; a tool that
 *     does long work should check it or pass it on
 */
public record ToolContext(String callId, CancellationToken cancellation) {}
