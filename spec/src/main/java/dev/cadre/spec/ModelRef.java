package dev.cadre.spec;

/**
 * A model named in a spec: a provider and a model, never a key. Keys come from the environment: the
 * provider's usual variable ({@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY}, {@code
 * CADRE_API_KEY}...) or the one {@code apiKeyEnv} names.
 *
 * @param provider {@code openai}, {@code openai-responses}, {@code azure}, {@code anthropic},
 *     {@code ollama} or {@code replay}
 * @param name the model id (the deployment for Azure), or null for the provider's default
 * @param baseUrl the endpoint, or null for the provider's default
 * @param apiKeyEnv the environment variable holding the key, or null for the provider's usual one
 * @param script for {@code replay}: a JSON-lines replay script, relative to the spec file
 * @param where where it is written, or null
 */
public record ModelRef(
    String provider,
    String name,
    String baseUrl,
    String apiKeyEnv,
    String script,
    SpecLocation where) {}
