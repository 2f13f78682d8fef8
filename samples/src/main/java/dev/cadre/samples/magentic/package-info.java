/**
 * The Magentic-One sample: an orchestrator plans, a coder writes Python that the bubblewrap sandbox
 * runs on a bundled CSV, and an analyst explains the figures.
 */
package dev.cadre.samples.magentic;
