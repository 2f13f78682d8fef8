// An A2A client built with @a2a-js/sdk that calls a Cadre server: the peer the cadre-a2a server
// tests run. Usage: node cadre-client.mjs <base url> <scenario> [bearer token]
// It prints what it sees as lines the Java test reads:
//   EVENT <json>   each stream event, as the wire JSON (StreamResponse)
//   TASK <json>    a task a call returned (GetTask, CancelTask)
//   ERROR <text>   a call that failed
//   DONE           the scenario ran to its end
// Scenarios:
//   stream <text>          streams one message
//   ask <text> <answer>    streams <text>; when the task needs input, streams <answer> on it
//   cancel <text>          streams <text>; after the first working update, cancels the task
//   resubscribe <text>     streams <text>; after the first message, leaves the stream and
//                          follows the task again with SubscribeToTask
//   resume <taskId> <answer>  streams <answer> on an existing task (after a server restart)
//   get <taskId>           gets a task
//   send <text>            sends one message without streaming
import { ClientFactory } from '@a2a-js/sdk/client';
import { SendMessageRequest, StreamResponse, Task } from '@a2a-js/sdk';

const [base, scenario, ...args] = process.argv.slice(2);
const token = process.env.A2A_TOKEN;
const options = token ? { serviceParameters: { Authorization: `Bearer ${token}` } } : {};
const print = (kind, value) => console.log(`${kind} ${JSON.stringify(value)}`);

const message = (text, taskId, contextId) =>
  SendMessageRequest.fromJSON({
    message: {
      messageId: crypto.randomUUID(),
      role: 'ROLE_USER',
      parts: [{ text }],
      ...(taskId ? { taskId } : {}),
      ...(contextId ? { contextId } : {}),
    },
  });

async function stream(request, onEvent = () => {}) {
  let last;
  for await (const event of client.sendMessageStream(request, options)) {
    const json = StreamResponse.toJSON(event);
    print('EVENT', json);
    last = json;
    await onEvent(json);
  }
  return last;
}

const state = (json) => json.task?.status?.state ?? json.statusUpdate?.status?.state;
const taskIdOf = (json) => json.task?.id ?? json.statusUpdate?.taskId ?? json.artifactUpdate?.taskId;

let client;
try {
  client = await new ClientFactory().createFromUrl(base);
  if (scenario === 'stream') {
    await stream(message(args[0]));
  } else if (scenario === 'send') {
    const result = await client.sendMessage(message(args[0]), options);
    print('TASK', Task.toJSON(result));
  } else if (scenario === 'ask') {
    let taskId;
    let contextId;
    let asked = false;
    await stream(message(args[0]), (json) => {
      taskId ??= taskIdOf(json);
      contextId ??= json.task?.contextId;
      asked ||= state(json) === 'TASK_STATE_INPUT_REQUIRED';
    });
    if (!asked) throw new Error('the task never asked for input');
    await stream(message(args[1], taskId, contextId));
  } else if (scenario === 'cancel') {
    let cancelled = false;
    await stream(message(args[0]), async (json) => {
      if (!cancelled && state(json) === 'TASK_STATE_WORKING') {
        cancelled = true;
        const task = await client.cancelTask({ id: taskIdOf(json), metadata: undefined, tenant: '' }, options);
        print('TASK', Task.toJSON(task));
      }
    });
  } else if (scenario === 'resubscribe') {
    let taskId;
    for await (const event of client.sendMessageStream(message(args[0]), options)) {
      const json = StreamResponse.toJSON(event);
      print('EVENT', json);
      taskId ??= taskIdOf(json);
      if (json.statusUpdate?.status?.message) break;
    }
    console.log('RESUBSCRIBED');
    for await (const event of client.resubscribeTask({ id: taskId, tenant: '' }, options)) {
      print('EVENT', StreamResponse.toJSON(event));
    }
  } else if (scenario === 'resume') {
    await stream(message(args[1], args[0]));
  } else if (scenario === 'get') {
    const task = await client.getTask({ id: args[0], tenant: '', historyLength: undefined }, options);
    print('TASK', Task.toJSON(task));
  } else {
    throw new Error(`unknown scenario ${scenario}`);
  }
} catch (error) {
  console.log(`ERROR ${error?.message ?? error}`);
}
console.log('DONE');
