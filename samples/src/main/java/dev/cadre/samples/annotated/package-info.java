/**
 * The annotated form: agents, tools and teams declared on interfaces, checked and wired by the
 * Cadre annotation processor when this module compiles ({@code CadreReleaseDesk},
 * {@code CadreCodeReviewer}... are generated).
 */
package dev.cadre.samples.annotated;
