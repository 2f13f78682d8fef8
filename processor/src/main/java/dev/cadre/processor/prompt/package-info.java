/**
 * What the agent and team steps share about {@code @Prompt}: the template ({@link
 * dev.cadre.processor.prompt.PromptTemplate}: parsing, and rendering as a String concatenation) and
 * the checks of its placeholders against the method's parameters ({@link
 * dev.cadre.processor.prompt.PromptChecks}), so that both steps accept the same prompts and say the
 * same thing about the same mistake.
 */
package dev.cadre.processor.prompt;
