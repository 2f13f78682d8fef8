/** The annotation processor that validates the agent graph and writes orchestration and tool-binding code (filled by its issue). */
package dev.cadre.processor;
