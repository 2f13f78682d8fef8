/**
 * The Cadre annotation processor. As in Dagger, each kind of annotated type goes through one
 * {@link dev.cadre.processor.Step}: build a model of what was declared, validate all of it
 * (reporting every finding on its exact element and annotation value, with a stable {@code
 * [Cadre/...]} tag and a fix), and only then generate code. Types that are not resolved yet (made by
 * another processor) are deferred to a later round.
 *
 * <ul>
 *   <li>{@code dev.cadre.processor.json}: Java types as JSON schemas, and the code that reads and
 *       writes them without reflection;
 *   <li>{@code dev.cadre.processor.tool}: {@code @Tool} holders into {@code <Holder>_Tools};
 *   <li>{@code dev.cadre.processor.agent}: {@code @Agent} interfaces into {@code Cadre<Name>};
 *   <li>{@code dev.cadre.processor.team}: {@code @GroupChat} interfaces into {@code Cadre<Name>},
 *       checked with the shared graph rules of {@code cadre-graph}.
 * </ul>
 */
package dev.cadre.processor;
