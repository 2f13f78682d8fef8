/**
 * The {@code @Agent} step: an annotated interface becomes {@code Cadre<Name>} (nested types:
 * {@code CadreOuter_Inner}), a final class over the runtime's {@code AssistantAgent} with a
 * builder, written by {@link dev.cadre.processor.agent.AgentStep} after {@link
 * dev.cadre.processor.agent.AgentValidator} found nothing wrong (its Javadoc lists the tags).
 *
 * <p>Rules the step applies:
 *
 * <ul>
 *   <li>Every abstract method, inherited ones included, is an entry point and needs a {@code
 *       Prompt}; methods Object implements ({@code toString()}...) are not entry points. A default
 *       or static method with {@code @Prompt} is an error, since the agent would never run it.
 *   <li>Placeholders are {@code {{name}}}, or {@code {{name.component...}}} for the components of
 *       a record parameter, whitespace allowed inside the braces (see {@link
 *       dev.cadre.processor.prompt.PromptTemplate}). Every <code>{{</code> opens one, so
 *       anything else after it is an error, and <code>\{{</code> is two braces of text. Every
 *       placeholder names a parameter (and components the record has), and every parameter is
 *       used.
 *   <li>Parameters and components are rendered with {@code String.valueOf} (so null reads "null",
 *       and a null record on the way to a component too), except records, arrays, collections,
 *       maps and optionals, which read better as compact JSON and are written with the json step's
 *       code (their types must map to JSON). Components are read through the records' accessors.
 *       A value is text, never a template: the prompt is one string concatenation. Varargs are
 *       rejected: declare a {@code List}.
 *   <li>Entry methods may not declare checked exceptions: the agent never throws them, and its
 *       failures ({@code ModelException}, {@code StructuredOutputException}, {@code
 *       CancelledException}) are unchecked. Unchecked exceptions in a throws clause are allowed.
 *   <li>Generated locals take names no parameter has, and fields are read through {@code this},
 *       so any parameter name works; only {@code agent()} and {@code builder()} without
 *       parameters are reserved, as the generated class has them.
 *   <li>Answers: {@code String} (the text), a record or enum (structured output; an enum, which
 *       is not a JSON object, is asked for as the property {@code value} of one), {@code
 *       AgentResponse} (the whole turn), or a {@code CompletableFuture} of these, run on {@code
 *       Threads.shared()}; cancelling the future cancels the turn.
 *   <li>The agent remembers its conversation between calls, like any {@code AssistantAgent};
 *       {@code agent().reset()} forgets it.
 *   <li>Models: an agent with {@code @Agent(model = "key")} needs {@code model("key", m)}; the
 *       others need {@code model(m)}. Keyed models an agent does not use are ignored, so that a
 *       team's builder can pass every model to every participant. {@code build()} names every
 *       missing model and tool holder in one {@code IllegalStateException}.
 *   <li>Tool holders with an instance {@code @Tool} method are builder arguments ({@code
 *       lowerCamel(HolderName)}); the others are used through their static {@code tools()}. The
 *       generated class must be able to name the holder: that is the one accessibility check,
 *       since javac rejects the rest in the annotation already.
 * </ul>
 */
package dev.cadre.processor.agent;
