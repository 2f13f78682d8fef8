/**
 * Cadre's annotations: describe agents ({@link dev.cadre.annotations.Agent}), their tools ({@link
 * dev.cadre.annotations.Tool}) and teams ({@link dev.cadre.annotations.GroupChat}) on plain
 * interfaces; the Cadre annotation processor checks the whole agent graph and writes the code that
 * runs it. This module depends on nothing, and nothing here is read at run time.
 */
package dev.cadre.annotations;
