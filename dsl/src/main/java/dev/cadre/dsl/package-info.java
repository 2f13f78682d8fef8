/** Fluent builders over the runtime and the agent-graph model with its validation rules (filled by the teams-and-DSL issue). */
package dev.cadre.dsl;
