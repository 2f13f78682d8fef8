package dev.cadre.spec;

/** A participant of a team in a spec: an agent, or a nested team. */
public sealed interface ParticipantDef permits AgentDef, TeamDef {

  /** Its name, unique in its team. */
  String name();

  /** Where it is written, or null for a spec made in code (an export). */
  SpecLocation where();
}
