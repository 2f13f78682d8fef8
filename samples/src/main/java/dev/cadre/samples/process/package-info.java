/**
 * Business process automation: a customer-service swarm (intake, triage, refunds, shipping) on a
 * bundled orders database, in which a person approves every refund ({@link
 * dev.cadre.samples.process.ProcessSample}).
 */
package dev.cadre.samples.process;
