/**
 * Business process automation: a customer-service swarm (intake, triage, refunds, shipping) on a
 * bundled orders database, in which a person approves every refund ({@link
 * dev.cadre.samples.process.ProcessSample}, written with the DSL; {@link
 * dev.cadre.samples.process.AnnotatedProcessSample} is the same swarm with annotations).
 */
package dev.cadre.samples.process;
