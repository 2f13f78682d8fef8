// A scripted agent built with Google's ADK for JavaScript (no model, no network) and served over
// A2A 0.3 by ADK's own toA2a: the ADK peer the cadre-a2a client tests call. It answers by the
// words in the message:
//   FAIL  -> the ADK run ends with an error, so the A2A task fails with it
//   else  -> "ADK noted <n>: <the message's text>"
// Every message it receives is appended to $A2A_LOG as a JSON line (its text, the parts' Cadre
// sources, and the ADK session, which ADK keys by the A2A context id). It listens on a free port
// of 127.0.0.1 and prints "READY <base url>".
import express from 'express';
import fs from 'node:fs';
import { BaseAgent, createEvent } from '@google/adk';
import { toA2a } from '@google/adk/a2a';

const log = (entry) => {
  if (process.env.A2A_LOG) fs.appendFileSync(process.env.A2A_LOG, JSON.stringify(entry) + '\n');
};

let notes = 0;

class ScriptedNotary extends BaseAgent {
  async *runAsyncImpl(context) {
    const parts = context.userContent?.parts ?? [];
    const said = parts.map((p) => p.text ?? '').join('\n');
    log({ event: 'message', text: said, session: context.session.id });
    if (said.includes('FAIL')) {
      yield createEvent({
        author: this.name,
        invocationId: context.invocationId,
        errorCode: 'NOTARY_CLOSED',
        errorMessage: 'the notary is closed',
        turnComplete: true,
      });
      return;
    }
    notes += 1;
    yield createEvent({
      author: this.name,
      invocationId: context.invocationId,
      content: { role: 'model', parts: [{ text: `ADK noted ${notes}: ${said}` }] },
      turnComplete: true,
    });
  }

  async *runLiveImpl() {
    throw new Error('live mode is not scripted');
  }
}

const agent = new ScriptedNotary({
  name: 'adk_notary',
  description: 'Notes things down (a scripted agent written with Google ADK for JavaScript)',
});

// The card names the URL: listen first, then mount ADK's A2A routes on the listening app.
const app = express();
app.use(express.json());
const server = app.listen(0, '127.0.0.1', async () => {
  const port = server.address().port;
  await toA2a(agent, { app, host: '127.0.0.1', port, allowUnauthenticated: true });
  console.log(`READY http://127.0.0.1:${port}`);
});
