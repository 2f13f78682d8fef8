/**
 * The {@code @GroupChat} step: team interfaces into validated, generated {@code Cadre<Name>} teams.
 *
 * <p><b>Model.</b> {@link dev.cadre.processor.team.TeamReader} reads the annotation, and the
 * participants' own {@code @Agent} / {@code @GroupChat} annotations, into a declaration and a
 * {@link dev.cadre.graph.AgentGraph}. Names are {@code @Agent(name)} / {@code @GroupChat(name)} or
 * the simple name in snake case; handoff, edge and entry classes resolve to those names. Nested
 * teams are modelled recursively (kind {@code TEAM}), so their findings carry the {@code outer >
 * inner} path; a team that contains itself is {@code Cadre/TeamContainsItself}, found while
 * modelling. Every graph node's {@code origin} says where its findings are printed: a participant's
 * entry in {@code participants}, an {@code @Edge} (its {@code maxTraversals} for a bad bound), the
 * team's annotation or the member a team-level tag is about ({@code entry}, {@code edges}, {@code
 * maxTurns}). A participant type not resolved yet (written by another processor) defers the team.
 *
 * <p><b>Validate.</b> Every finding of the shared {@link dev.cadre.graph.GraphRules} is reported
 * with its own tag and message (the DSL runs the same rules at {@code build()}); a nested team's
 * errors are also reported on the outer team's participant entry, as the outer team cannot be built
 * without it. Negative {@code maxTurns} and {@code maxTraversals} are the graph rules' {@code
 * Cadre/InvalidBound}, edges of one {@code activationGroup} that disagree on their {@code
 * activation} its {@code Cadre/ConflictingActivation}, a team in a swarm its {@code
 * Cadre/TeamInSwarm} and a selector of one participant its {@code Cadre/SelectorTooFew}; entry and
 * edges on a non-graph team its {@code Cadre/EdgesOutsideGraph}
 * warning, handoffs of its agents outside a swarm its {@code Cadre/HandoffsOutsideSwarm} warning,
 * as {@code selectorModel} outside a selector (or a Magentic-One team, whose orchestrator it is
 * the model of) is the processor's {@code Cadre/SelectorModelOutsideSelector} and {@code
 * magenticOne} options outside a Magentic-One team its {@code Cadre/MagenticOneOptionsIgnored};
 * a Magentic-One team's {@code maxStalls} or {@code maxReplans} below 1 is {@code
 * Cadre/InvalidBound} on that value: what a pattern ignores is legal and changes nothing, so it
 * is a warning, and {@code @SuppressWarnings("Cadre/<Tag>")} on the team accepts one that is
 * meant. The processor's own tags: {@code Cadre/NotAParticipant}, {@code
 * Cadre/GroupChatNotInterface} (also a private or generic interface), {@code
 * Cadre/TeamContainsItself}, {@code Cadre/InvalidTermination} (negative {@code maxMessages}, {@code
 * maxTokens}, {@code timeoutSeconds}; a blank {@code textMention}; an edge with both {@code
 * whenContains} and {@code whenNotContains}, or a blank {@code activationGroup}), {@code
 * Cadre/MissingPrompt}, {@code
 * Cadre/UnknownPlaceholder}, {@code Cadre/UnusedParameter}, {@code Cadre/UnsupportedReturnType},
 * {@code Cadre/MissingAgentDescription} (warning: an agent without description in a round robin),
 * {@code Cadre/MisplacedTool} ({@code @Tool} on a method of the team interface), {@code
 * Cadre/AgentAndGroupChat} (reported by the step, on {@code @GroupChat}), {@code
 * Cadre/CompiledWithoutProcessor} (a participant from a class file compiled without the processor,
 * so its {@code Cadre<Name>} does not exist), and, writing, {@code Cadre/GeneratedNameTaken} and
 * {@code Cadre/WriteFailed} ({@link dev.cadre.processor.Output}).
 *
 * <p><b>Entry methods.</b> Every abstract method runs the team, except a no-argument {@code void
 * close()} and {@code Team team()}, which the generated class implements. The task is the
 * {@code @Prompt} template with {@code {{parameter}}} and {@code {{parameter.component}}}
 * placeholders rendered with {@code String.valueOf} (a null record on the way to a component reads
 * "null"), read and checked as the agent step does ({@link
 * dev.cadre.processor.prompt.PromptTemplate}, {@link dev.cadre.processor.prompt.PromptPaths}:
 * {@code Cadre/MalformedPlaceholder}, {@code Cadre/InvalidPlaceholderPath}); a method without
 * {@code @Prompt} and exactly one {@code String} parameter sends that parameter, and one without
 * {@code @Prompt} or parameters sends no task: it continues the conversation where the last run
 * stopped ({@code Team.run()}). Returns: {@code
 * String} (the last message's text), {@code TaskResult}, a record or enum, or a {@code
 * CompletableFuture} of one of these ({@code Team.runAsync}). A record or enum is read from the
 * last message with the json step's codecs, so nothing is reflected on: a structured message's
 * value, else its text parsed as JSON (strictly: nothing after it) once a surrounding Markdown code
 * fence is stripped; an enum also from {@code {"value": ...}} (how agents answer in an enum) or a
 * bare word such as {@code APPROVE}. A type without a JSON mapping is {@code
 * Cadre/UnsupportedReturnType} with the path to the culprit. A failed run throws {@code
 * Team.run}'s {@code TeamRunException}, naming the team and the participant that failed; text that
 * is not JSON of the type throws an {@code IllegalStateException} naming the team and the last
 * speaker and quoting the text (abbreviated).
 *
 * <p><b>Generated team contract</b> (what other generated teams call when they nest one): {@code
 * CadreDesk.builder()} with {@code model(ChatModel)} (the default model), {@code model(String key,
 * ChatModel)} (only when some participant, nested teams included, or the selector names a key;
 * another key fails at once), one setter per instance tool holder of any participant, nested teams
 * included ({@code lowerCamel(HolderSimpleName)}, deduplicated by type), {@code
 * runtime(AgentRuntime)} (null: own in-process runtimes) and {@code build()}, which throws {@code
 * IllegalStateException} naming every missing model and holder; then {@code team()} returns the
 * {@code dev.cadre.team.Team}, and {@code close()} closes it and its nested teams (the class always
 * implements {@code AutoCloseable}). A team builds each agent with {@code
 * CadreX.builder()...build().agent()} and each nested team with {@code
 * CadreY.builder()...build().team()}, passing each only the models and holders it needs.
 *
 * <p><b>Diagram.</b> {@code META-INF/cadre/<qualified name>.mmd}: a Mermaid {@code flowchart TD}
 * with one node per participant (nested teams as subroutine boxes), the round robin's rotation, the
 * selector hub, the swarm's handoffs or the graph's labelled edges; deterministic.
 */
package dev.cadre.processor.team;
