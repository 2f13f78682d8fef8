/** Cadre's annotations: @Agent, @Tool and @GroupChat (filled by the annotation-processor issue). This module depends on nothing. */
package dev.cadre.annotations;
