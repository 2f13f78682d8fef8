// Google's ADK for JavaScript calling a Cadre team over A2A 0.3: an ADK RemoteA2AAgent (ADK's own
// A2A client, on @a2a-js/sdk 0.3) made from the card at argv[2], run by an ADK InMemoryRunner for
// each further argument in turn, all in one ADK session. Every ADK event the remote agent yields
// is printed as "EVENT <json>" (author, text, partial, error), each A2A object it got before as
// "A2A <json>"; each turn ends with "TURN <n>", and
// the script prints "DONE" at the end (no "READY": it only calls).
import { InMemoryRunner } from '@google/adk';
import { RemoteA2AAgent } from '@google/adk/a2a';

const [cardUrl, ...turns] = process.argv.slice(2);
const desk = new RemoteA2AAgent({
  name: 'cadre_desk',
  description: 'A Cadre team served over A2A',
  agentCard: cardUrl,
  // What came over the wire, before ADK converts it.
  afterRequestCallbacks: [(ctx, chunk) => console.log('A2A ' + JSON.stringify(chunk))],
});
const runner = new InMemoryRunner({ agent: desk, appName: 'adk_caller' });
const session = await runner.sessionService.createSession({ appName: 'adk_caller', userId: 'ada' });
let n = 0;
for (const text of turns) {
  for await (const event of runner.runAsync({
    userId: 'ada',
    sessionId: session.id,
    newMessage: { role: 'user', parts: [{ text }] },
  })) {
    console.log(
      'EVENT ' +
        JSON.stringify({
          author: event.author,
          text: (event.content?.parts ?? []).map((p) => p.text ?? '').join(''),
          partial: Boolean(event.partial),
          error: event.errorMessage ?? null,
        }),
    );
  }
  n += 1;
  console.log(`TURN ${n}`);
}
console.log('DONE');
