// Cadre Studio's page. Everything a model or a spec wrote reaches the page as JSON strings and is
// put in the DOM with textContent only: never innerHTML, never a link made from model text. The
// two pieces of markup the server draws itself (a team's graph, a finished run's report, every
// text in them escaped by present's renderer) go through DOMParser, whose scripts never run.
'use strict';

const $ = (id) => document.getElementById(id);
let csrf = null;
let currentTeam = null;
let currentRun = null;
let source = null;
let activeAgent = null;

// Server-drawn markup as nodes of this page, parsed as an HTML body (inline SVG included, which
// the HTML parser puts in the SVG namespace as the page's own would be).
function parsed(markup) {
  const body = new DOMParser().parseFromString(markup, 'text/html').body;
  return Array.from(body.childNodes, (node) => document.importNode(node, true));
}

function drawGraph(box, svg) {
  box.replaceChildren();
  if (!svg) return;
  box.append(...parsed(svg).filter((n) => n.localName === 'svg'));
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Cadre-Csrf': csrf },
    body: JSON.stringify(body),
  };
  const response = await fetch(path, options);
  const type = response.headers.get('Content-Type') || '';
  const value = type.startsWith('application/json') ? await response.json() : await response.text();
  if (!response.ok) throw new Error(value && value.error ? value.error : String(value));
  return value;
}

function show(view) {
  for (const name of ['teams', 'run', 'runs', 'editor']) {
    $('view-' + name).hidden = name !== view;
    const tab = $('nav-' + name);
    if (tab) tab.classList.toggle('on', name === view);
  }
}

// ---- teams
async function loadTeams() {
  const teams = await api('/api/teams');
  const list = $('team-list');
  list.replaceChildren();
  for (const team of teams) {
    const item = el('li');
    const button = el('button', 'team', team.name);
    button.type = 'button';
    button.dataset.id = team.id;
    button.title = team.description;
    button.addEventListener('click', () => openTeam(team.id));
    item.append(button);
    list.append(item);
  }
}

async function openTeam(id) {
  show('teams');
  const team = await api('/api/team?id=' + encodeURIComponent(id));
  currentTeam = team;
  for (const b of document.querySelectorAll('#team-list button')) b.classList.toggle('on', b.dataset.id === id);
  $('team').hidden = false;
  $('team-name').textContent = team.name;
  $('team-description').textContent = team.description || '';
  $('team-problem').hidden = !team.problem;
  $('team-problem').textContent = team.problem || '';
  $('task').value = team.task || '';
  $('diagram').textContent = team.diagram || '(no graph)';
  drawGraph($('team-graph'), team.svg);
  $('edit-team').hidden = team.kind !== 'spec';
  $('export-team').href = '/api/export?id=' + encodeURIComponent(id);
  const body = $('agents').tBodies[0];
  body.replaceChildren();
  for (const agent of team.agents) {
    const row = el('tr');
    row.append(el('td', null, agent.name), el('td', null, agent.description || ''),
      el('td', null, (agent.tools || []).join(', ')), el('td', null, agent.model || ''));
    body.append(row);
  }
}

async function runTeam(id, task) {
  const live = $('model-choice').value === 'live';
  try {
    const run = await api('/api/runs', { team: id, task, live });
    openRun(run.id, currentTeam ? currentTeam.name : id);
  } catch (e) {
    $('team-problem').hidden = false;
    $('team-problem').textContent = e.message;
  }
}

// ---- a run, live
const stats = { events: 0, messages: 0, lastRender: 0, endAt: 0, tokens: 0, cost: 0 };
window.studioStats = stats;
let queue = [];
let scheduled = false;
let streaming = new Map();

function openRun(id, title) {
  if (source) source.close();
  currentRun = id;
  show('run');
  $('run-title').textContent = title || 'Run';
  $('transcript').replaceChildren();
  $('asks').replaceChildren();
  $('run-agents').replaceChildren();
  $('run-graph').replaceChildren();
  $('ledger').hidden = true;
  $('ledger-turns').tBodies[0].replaceChildren();
  activeAgent = null;
  $('report').hidden = true;
  $('report').replaceChildren();
  $('show-report').hidden = true;
  $('resume-run').hidden = true;
  $('cancel-run').disabled = false;
  Object.assign(stats, { events: 0, messages: 0, lastRender: 0, endAt: 0, serverAt: 0, tokens: 0, cost: 0 });
  streaming = new Map();
  queue = [];
  setStatus('running', '');
  renderStats();
  source = new EventSource('/api/runs/' + encodeURIComponent(id) + '/events');
  source.onmessage = (message) => {
    queue.push(JSON.parse(message.data));
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(drain);
    }
  };
  source.addEventListener('end', () => source.close());
  api('/api/runs/' + encodeURIComponent(id) + '/graph').then((graph) => {
    if (currentRun !== id) return;
    drawGraph($('run-graph'), graph.svg);
    activate(activeAgent);
  });
}

// Everything that came since the last frame is drawn in one go: a fast run costs a frame per
// batch, not a layout per event.
function drain() {
  scheduled = false;
  const batch = queue;
  queue = [];
  const transcript = $('transcript');
  const fragment = document.createDocumentFragment();
  for (const event of batch) {
    stats.events++;
    render(event, fragment);
  }
  transcript.append(fragment);
  stats.lastRender = Date.now();
  renderStats();
  transcript.lastElementChild && transcript.lastElementChild.scrollIntoView({ block: 'nearest' });
}

function agentChip(name) {
  const chips = $('run-agents');
  let chip = chips.querySelector('li[data-agent="' + CSS.escape(name) + '"]');
  if (!chip) {
    chip = el('li', null, name);
    chip.dataset.agent = name;
    chips.append(chip);
  }
  return chip;
}

function activate(name) {
  activeAgent = name;
  for (const chip of $('run-agents').children) chip.classList.toggle('active', chip.dataset.agent === name);
  if (name) agentChip(name).classList.add('active');
  for (const node of $('run-graph').querySelectorAll('g.node')) {
    node.classList.toggle('active', name !== null && node.dataset.label === name);
  }
}

// A Magentic-One orchestrator's ledgers: the plan (again after a re-plan), and a row per turn.
function plan(event) {
  $('ledger').hidden = false;
  $('ledger-plan').textContent = event.plan;
  $('ledger-facts').textContent = event.facts;
  $('ledger-replan').textContent = event.replan ? '(re-plan ' + event.replan + ': ' + event.reason + ')' : '';
}

function progress(event) {
  $('ledger').hidden = false;
  const row = el('tr', event.stalled ? 'stalled' : null);
  row.dataset.turn = event.turn;
  row.append(el('td', null, event.turn), el('td', 'next', event.next),
    el('td', 'instruction', event.instruction), el('td', 'stalls', event.stalls));
  $('ledger-turns').tBodies[0].append(row);
}

function bubble(agent, className, text) {
  const box = el('div', 'msg ' + (className || ''));
  box.dataset.agent = agent || '';
  box.append(el('div', 'who', agent || ''), el('div', 'text', text));
  return box;
}

function render(event, into) {
  switch (event.t) {
    case 'message': {
      stats.messages++;
      const open = streaming.get(event.agent);
      if (open) {
        open.classList.remove('streaming');
        open.querySelector('.text').textContent = event.text;
        streaming.delete(event.agent);
      } else {
        into.append(bubble(event.agent, 'message', event.text));
      }
      if (event.agent !== 'user') agentChip(event.agent);
      break;
    }
    case 'chunk': {
      activate(event.agent);
      let open = streaming.get(event.agent);
      if (!open) {
        open = bubble(event.agent, 'streaming message', '');
        streaming.set(event.agent, open);
        into.append(open);
      }
      open.querySelector('.text').textContent += event.text;
      break;
    }
    case 'speakers':
      activate(event.speakers[0]);
      into.append(bubble('', 'note', 'next: ' + event.speakers.join(', ')));
      break;
    case 'active':
      activate(event.agent);
      break;
    case 'calls':
      activate(event.agent);
      for (const call of event.calls) into.append(bubble(event.agent, 'tool call', '→ ' + call.name + ' ' + call.args));
      break;
    case 'results':
      for (const result of event.results) {
        into.append(bubble(event.agent, 'tool result' + (result.error ? ' error' : ''), '← ' + result.name + ': ' + result.content));
      }
      break;
    case 'plan':
      plan(event);
      break;
    case 'progress':
      progress(event);
      break;
    case 'usage':
      stats.tokens += event.in + event.out;
      if (event.cost) stats.cost += event.cost;
      break;
    case 'note':
      into.append(bubble(event.agent || '', 'note', event.text));
      break;
    case 'question':
    case 'approval':
      ask(event);
      break;
    case 'answered': {
      const box = $('asks').querySelector('[data-question="' + CSS.escape(event.id) + '"]');
      if (box) box.remove();
      break;
    }
    case 'finished':
      if (event.failed) into.append(bubble('', 'note error', 'failed: ' + event.failed));
      else into.append(bubble('', 'note', 'stop: ' + event.stop));
      break;
    case 'status':
      setStatus(event.status, event.text);
      stats.serverAt = event.at;
      break;
  }
}

function ask(event) {
  const box = el('div', 'ask');
  box.dataset.question = event.id;
  box.dataset.kind = event.t;
  box.append(el('div', 'who', event.agent), el('div', 'prompt', event.prompt));
  const row = el('div', 'row');
  if (event.t === 'approval') {
    const approve = el('button', 'approve', 'Approve');
    const deny = el('button', 'deny', 'Deny');
    approve.type = deny.type = 'button';
    approve.addEventListener('click', () => answer(event.id, 'approve', box));
    deny.addEventListener('click', () => answer(event.id, 'no', box));
    row.append(approve, deny);
  } else {
    const input = el('input', 'answer');
    input.setAttribute('aria-label', 'Your answer');
    const send = el('button', 'send', 'Send');
    send.type = 'button';
    const go = () => answer(event.id, input.value, box);
    send.addEventListener('click', go);
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') go(); });
    row.append(input, send);
  }
  box.append(row);
  $('asks').append(box);
  activate(event.agent);
}

async function answer(id, text, box) {
  for (const b of box.querySelectorAll('button')) b.disabled = true;
  try {
    await api('/api/runs/' + encodeURIComponent(currentRun) + '/answer', { id, text });
    box.remove();
  } catch (e) {
    box.append(el('p', 'problem', e.message));
    for (const b of box.querySelectorAll('button')) b.disabled = false;
  }
}

function setStatus(status, text) {
  const badge = $('run-status');
  badge.textContent = status;
  badge.title = text || '';
  badge.className = 'status ' + status;
  const over = ['finished', 'failed', 'cancelled'].includes(status);
  $('cancel-run').disabled = over;
  $('resume-run').hidden = status !== 'stopped';
  $('show-report').hidden = !over;
  if (over) {
    stats.endAt = Date.now();
    $('asks').replaceChildren(); // nobody waits for an answer any more
    activate(null);
    if (status === 'finished' || status === 'failed') showReport();
  }
}

// The report is present's fragment: its body in the page, its stylesheet (scoped to .cadre-run)
// a file from the studio, so the page's policy needs no inline style.
async function showReport() {
  const id = currentRun;
  const base = '/api/runs/' + encodeURIComponent(id);
  const body = await api(base + '/report');
  if (currentRun !== id) return;
  let css = $('report-css');
  if (!css) {
    css = document.createElement('link');
    css.id = 'report-css';
    css.rel = 'stylesheet';
    document.head.append(css);
  }
  css.href = base + '/report.css';
  const report = $('report');
  report.replaceChildren(...parsed(body));
  report.hidden = false;
}

function renderStats() {
  const cost = stats.cost ? ' · $' + stats.cost.toFixed(4) : '';
  $('run-stats').textContent = stats.messages + ' messages · ' + stats.tokens + ' tokens' + cost;
}

// ---- runs
async function loadRuns() {
  show('runs');
  $('runs').dataset.loading = 'true';
  const runs = await api('/api/runs');
  const body = $('runs').tBodies[0];
  body.replaceChildren();
  for (const run of runs) {
    const row = el('tr');
    row.dataset.run = run.id;
    const open = el('button', 'open', 'Open');
    open.type = 'button';
    open.addEventListener('click', () => openRun(run.id, run.team));
    const cell = el('td');
    cell.append(open);
    row.append(el('td', 'id', run.id), el('td', null, run.team), el('td', 'status', run.status), cell);
    body.append(row);
  }
  delete $('runs').dataset.loading;
}

// ---- spec editor
let validating = null;
function scheduleValidate() {
  clearTimeout(validating);
  validating = setTimeout(validate, 250);
}

async function validate() {
  const text = $('spec-text').value;
  const findings = await api('/api/specs/validate', { text, name: $('spec-name').value });
  showFindings(text, findings);
  return findings;
}

function showFindings(text, findings) {
  const lines = text.split('\n').length;
  const gutter = $('gutter');
  gutter.replaceChildren();
  const bad = new Map();
  for (const f of findings) bad.set(f.line, (bad.get(f.line) || []).concat(f));
  for (let i = 1; i <= lines; i++) {
    const line = el('li', bad.has(i) ? 'bad' : null, i);
    line.dataset.line = i;
    if (bad.has(i)) line.title = bad.get(i).map((f) => '[' + f.tag + '] ' + f.message).join('\n');
    gutter.append(line);
  }
  const list = $('findings');
  list.replaceChildren();
  for (const f of findings) {
    const item = el('li', f.error ? 'error' : 'warning', 'line ' + f.line + ':' + f.column + ': [' + f.tag + '] ' + f.message);
    item.dataset.line = f.line;
    item.dataset.tag = f.tag;
    list.append(item);
  }
  if (!findings.length) list.append(el('li', 'ok', 'no problems'));
}

async function editSpec() {
  show('editor');
  $('spec-name').value = currentTeam.id.startsWith('spec:') ? currentTeam.id.substring(5) : currentTeam.name + '.yaml';
  $('spec-text').value = currentTeam.spec || '';
  await validate();
}

async function saveSpec() {
  const result = await api('/api/specs/save', { name: $('spec-name').value, text: $('spec-text').value });
  showFindings($('spec-text').value, result.findings);
  if (result.saved) {
    $('spec-name').value = result.id.substring(5);
    await loadTeams();
  }
  return result;
}

async function editForm(op) {
  $('form-problem').textContent = '';
  try {
    const result = await api('/api/specs/edit', {
      text: $('spec-text').value, name: $('spec-name').value, op,
      agent: $('form-agent').value, description: $('form-desc').value, tool: $('form-tool').value,
      from: $('form-from').value, to: $('form-to').value,
    });
    $('spec-text').value = result.text;
    await validate();
  } catch (e) {
    $('form-problem').textContent = e.message;
  }
}

async function start() {
  const session = await api('/api/session');
  csrf = session.csrf;
  $('store-name').textContent = 'store: ' + session.store;
  $('nav-teams').addEventListener('click', () => show('teams'));
  $('nav-runs').addEventListener('click', loadRuns);
  $('nav-editor').addEventListener('click', () => { show('editor'); validate(); });
  $('run-team').addEventListener('click', () => runTeam(currentTeam.id, $('task').value));
  $('edit-team').addEventListener('click', editSpec);
  $('cancel-run').addEventListener('click', () => api('/api/runs/' + encodeURIComponent(currentRun) + '/cancel', {}));
  $('resume-run').addEventListener('click', () => api('/api/runs/' + encodeURIComponent(currentRun) + '/resume', {}));
  $('show-report').addEventListener('click', showReport);
  $('spec-text').addEventListener('input', scheduleValidate);
  $('save-spec').addEventListener('click', saveSpec);
  $('run-spec').addEventListener('click', async () => {
    const result = await saveSpec();
    if (result.saved) {
      await openTeam(result.id);
      await runTeam(result.id, $('task').value);
    }
  });
  for (const op of ['add-agent', 'remove-agent', 'add-tool', 'remove-tool', 'add-edge', 'remove-edge']) {
    $(op).addEventListener('click', () => editForm(op));
  }
  show('teams');
  await loadTeams();
  document.body.dataset.ready = 'true';
}

document.addEventListener('DOMContentLoaded', start);
