// A scripted A2A agent built with @a2a-js/sdk (no model): the peer the cadre-a2a client tests
// call. It answers by the words in the message:
//   ASK   -> input-required ("Which city?"); the next message on the task completes it
//   SLOW  -> works until cancelled (a minute at most), then ends canceled
//   FAIL  -> the task fails with "no data for that"
//   else  -> a status message "looking up: <text>", then an artifact "FACT <n>: <text>"
// Every message it receives, and every cancel, is appended to $A2A_LOG as a JSON line, so a test
// can check what reached this side. It listens on a free port and prints "READY <base url>".
// $A2A_STREAMING=false declares no streaming in the card (the client must poll); $PORT fixes the port.
import express from 'express';
import fs from 'node:fs';
import { AgentCard, TaskState, Role } from '@a2a-js/sdk';
import { AgentEvent, DefaultRequestHandler, InMemoryTaskStore } from '@a2a-js/sdk/server';
import { agentCardHandler, jsonRpcHandler, UserBuilder } from '@a2a-js/sdk/server/express';

const log = (entry) => {
  if (process.env.A2A_LOG) fs.appendFileSync(process.env.A2A_LOG, JSON.stringify(entry) + '\n');
};
const text = (message) =>
  message.parts.map((p) => (p.content?.$case === 'text' ? p.content.value : '')).join('\n');
const agentMessage = (contextId, taskId, value) => ({
  messageId: crypto.randomUUID(),
  contextId,
  taskId,
  role: Role.ROLE_AGENT,
  parts: [{ content: { $case: 'text', value }, metadata: undefined, filename: '', mediaType: 'text/plain' }],
  metadata: undefined,
  extensions: [],
  referenceTaskIds: [],
});
const status = (taskId, contextId, state, message) =>
  AgentEvent.statusUpdate({
    taskId,
    contextId,
    status: { state, message, timestamp: new Date().toISOString() },
    metadata: undefined,
  });

const cancelled = new Set();
let facts = 0;

const executor = {
  async execute(ctx, bus) {
    const { taskId, contextId } = ctx;
    const said = text(ctx.userMessage);
    log({
      event: 'message',
      taskId,
      contextId,
      text: said,
      sources: ctx.userMessage.parts.map((p) => p.metadata?.source ?? null),
      followUp: Boolean(ctx.task),
    });
    if (!ctx.task) {
      bus.publish(
        AgentEvent.task({
          id: taskId,
          contextId,
          status: { state: TaskState.TASK_STATE_SUBMITTED, message: undefined, timestamp: new Date().toISOString() },
          artifacts: [],
          history: [ctx.userMessage],
          metadata: undefined,
        }),
      );
    }
    if (ctx.task && ctx.task.status?.state === TaskState.TASK_STATE_INPUT_REQUIRED) {
      // Each execution starts with its task, a follow-up's too.
      bus.publish(AgentEvent.task(ctx.task));
      bus.publish(status(taskId, contextId, TaskState.TASK_STATE_COMPLETED, agentMessage(contextId, taskId, `Weather in ${said}: sunny`)));
      bus.finished();
      return;
    }
    if (said.includes('ASK')) {
      bus.publish(status(taskId, contextId, TaskState.TASK_STATE_INPUT_REQUIRED, agentMessage(contextId, taskId, 'Which city?')));
      bus.finished();
      return;
    }
    if (said.includes('FAIL')) {
      bus.publish(status(taskId, contextId, TaskState.TASK_STATE_FAILED, agentMessage(contextId, taskId, 'no data for that')));
      bus.finished();
      return;
    }
    bus.publish(status(taskId, contextId, TaskState.TASK_STATE_WORKING, agentMessage(contextId, taskId, `looking up: ${said}`)));
    if (said.includes('SLOW')) {
      for (let i = 0; i < 600 && !cancelled.has(taskId); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (!cancelled.has(taskId)) {
        bus.publish(status(taskId, contextId, TaskState.TASK_STATE_FAILED, agentMessage(contextId, taskId, 'never cancelled')));
      }
      bus.finished();
      return;
    }
    facts += 1;
    bus.publish(
      AgentEvent.artifactUpdate({
        taskId,
        contextId,
        artifact: {
          artifactId: crypto.randomUUID(),
          name: 'fact',
          description: '',
          parts: agentMessage(contextId, taskId, `FACT ${facts}: ${said}`).parts,
          metadata: undefined,
          extensions: [],
        },
        append: false,
        lastChunk: true,
        metadata: undefined,
      }),
    );
    bus.publish(status(taskId, contextId, TaskState.TASK_STATE_COMPLETED, undefined));
    bus.finished();
  },
  async cancelTask(taskId, bus) {
    log({ event: 'cancel', taskId });
    cancelled.add(taskId);
    bus.publish(status(taskId, '', TaskState.TASK_STATE_CANCELED, undefined));
    bus.finished();
  },
};

const app = express();
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const base = `http://127.0.0.1:${server.address().port}`;
  const card = AgentCard.fromJSON({
    name: 'Scripted Researcher',
    description: 'Looks facts up (a scripted A2A agent written with the JavaScript SDK)',
    version: '1.0.0',
    supportedInterfaces: [{ url: `${base}/a2a/jsonrpc`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
    capabilities: { streaming: process.env.A2A_STREAMING !== 'false', pushNotifications: false },
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [{ id: 'facts', name: 'Facts', description: 'Looks a fact up', tags: ['research'] }],
  });
  const handler = new DefaultRequestHandler(card, new InMemoryTaskStore(), executor);
  app.use('/.well-known/agent-card.json', agentCardHandler({ agentCardProvider: async () => card }));
  app.use('/a2a/jsonrpc', jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
  console.log(`READY ${base}`);
});
