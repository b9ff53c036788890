'use strict';
// The queue dashboard: drawn from /api/runs, /api/runs/{id} and /api/queue, kept live by /api/events (Server-Sent
// Events): every event redraws from the API, an agent's line is appended to its task's open log. Task text is
// untrusted, so it only ever goes in as text, never as markup.
(() => {
  const inProgress = new Set(['pending', 'ready', 'running']);
  const labels = { pending: 'queued', test_failed: 'test failed' };
  const $ = id => document.getElementById(id);
  const state = { run: null, tasks: [], tab: 'progress', openLogs: new Map(), pendingAction: null, focusId: null };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value; else node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const seconds = ms => ms < 60000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;

  function elapsed(task) {
    if (task.status === 'running' && task.started_at) return Date.now() - Date.parse(task.started_at);
    return task.duration_ms || 0;
  }

  async function getJson(path) {
    const response = await fetch(path, { cache: 'no-store' });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return response.json();
  }

  let refreshing = null;
  function refreshSoon() {
    if (refreshing) return;
    refreshing = setTimeout(async () => { refreshing = null; await refresh(); }, 50);
  }

  async function refresh() {
    try {
      const runs = await getJson('/api/runs');
      if (runs.length === 0) { showEmpty(); return; }
      state.run = await getJson(`/api/runs/${encodeURIComponent(runs[0].run_id)}`);
      state.tasks = state.run.tasks || [];
      draw();
    } catch (error) {
      say(`Could not read the runs: ${error.message}`);
    }
  }

  function showEmpty() {
    state.run = null;
    $('empty').hidden = false;
    $('run').hidden = true;
    $('stop-run').hidden = true;
    $('run-line').textContent = 'No runs yet.';
  }

  function draw() {
    const run = state.run;
    $('empty').hidden = true;
    $('run').hidden = false;
    const cost = run.usage && run.usage.cost_usd != null ? `, $${Number(run.usage.cost_usd).toFixed(4)}` : '';
    $('run-line').textContent = `Run ${run.run_id}: ${run.status}${cost}`;
    $('run-line').dataset.status = run.status;
    $('stop-run').hidden = run.status !== 'running';
    $('phases').replaceChildren(...run.phases.filter(p => p.status !== 'not run').map(p => el('li',
      { class: p.running ? 'running' : p.status, 'data-phase': p.name },
      `${p.number} ${p.name}: ${p.running ? 'running' : p.status}`, p.duration_ms ? ` (${seconds(p.duration_ms)})` : '')));
    const progress = state.tasks.filter(t => inProgress.has(t.status));
    const done = state.tasks.filter(t => !inProgress.has(t.status));
    $('count-progress').textContent = progress.length;
    $('count-done').textContent = done.length;
    const shown = state.tab === 'progress' ? progress : done;
    const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest('.task');
    const focusId = focused ? focused.dataset.task : null;
    $('queue').replaceChildren(...shown.map(taskItem));
    if (shown.length === 0) $('queue').append(el('li', { class: 'hint' }, state.tab === 'progress' ? 'Nothing in progress.' : 'Nothing completed yet.'));
    if (focusId) { const again = $('queue').querySelector(`[data-task="${CSS.escape(focusId)}"]`); if (again) again.focus(); }
  }

  function taskItem(task) {
    const cost = task.usage && task.usage.cost_usd != null ? `$${Number(task.usage.cost_usd).toFixed(4)}` : null;
    const item = el('li', {
      class: `task status-${task.status}`, tabindex: '0', 'data-task': task.id, 'data-status': task.status,
      'aria-label': `${task.id} ${labels[task.status] || task.status}: ${task.description}`,
    },
      el('div', { class: 'top' },
        el('span', { class: 'id' }, task.id),
        el('span', { class: `badge status-${task.status}` }, labels[task.status] || task.status.replace('_', ' ')),
        el('span', { class: 'description' }, task.description),
        inProgress.has(task.status) && state.run.status === 'running'
          ? el('button', { type: 'button', class: 'cancel', 'data-cancel': task.id, 'aria-label': `Cancel ${task.id}` }, 'Cancel') : null,
        el('button', { type: 'button', class: 'show-log', 'aria-expanded': state.openLogs.has(task.id) ? 'true' : 'false', 'aria-label': `Log of ${task.id}` }, 'Log')),
      el('div', { class: 'meta' },
        task.phase ? el('span', {}, `phase ${task.phase}`) : null,
        task.story ? el('span', {}, task.story) : null,
        task.depends_on && task.depends_on.length ? el('span', { class: 'after' }, `after ${task.depends_on.join(', ')}`) : null,
        task.agent ? el('span', {}, `agent ${task.agent}`) : null,
        el('span', { class: 'elapsed', 'data-started': task.status === 'running' ? task.started_at : null }, seconds(elapsed(task))),
        task.attempts > 1 ? el('span', {}, `${task.attempts} attempts`) : null,
        cost ? el('span', {}, cost) : null),
      task.error ? el('p', { class: 'error' }, task.error) : null);
    if (state.openLogs.has(task.id)) item.append(state.openLogs.get(task.id));
    return item;
  }

  async function toggleLog(id) {
    if (state.openLogs.has(id)) { state.openLogs.delete(id); draw(); return; }
    const pre = el('pre', { class: 'log', 'aria-label': `Log of ${id}`, tabindex: '0' }, '');
    state.openLogs.set(id, pre);
    draw();
    try {
      const response = await fetch(`/api/runs/${encodeURIComponent(state.run.run_id)}/tasks/${encodeURIComponent(id)}/log`, { cache: 'no-store' });
      pre.textContent = response.ok ? await response.text() : '';
    } catch { pre.textContent = ''; }
  }

  function say(text) { $('message').textContent = text; }

  async function mutate(method, path) {
    const token = sessionStorage.getItem('orchestrator-token');
    if (!token) { state.pendingAction = [method, path]; $('token-form').hidden = false; $('token-input').focus(); return; }
    const response = await fetch(path, { method, headers: { Authorization: `Bearer ${token}` } });
    const body = await response.json().catch(() => ({}));
    if (response.status === 401) {
      sessionStorage.removeItem('orchestrator-token');
      state.pendingAction = [method, path];
      $('token-form').hidden = false; $('token-input').focus();
      say('The token was refused.');
      return;
    }
    say(response.ok ? `${body.task_id || body.run_id}: ${body.status}` : body.error || `${response.status}`);
    refreshSoon();
  }

  function selectTab(tab) {
    state.tab = tab;
    for (const button of document.querySelectorAll('[role=tab]')) {
      const selected = button.dataset.tab === tab;
      button.setAttribute('aria-selected', selected ? 'true' : 'false');
      button.tabIndex = selected ? 0 : -1;
      if (selected) { $('queue').setAttribute('aria-labelledby', button.id); button.focus(); }
    }
    draw();
  }

  function wire() {
    $('tabs').addEventListener('click', e => { const tab = e.target.closest('[role=tab]'); if (tab) selectTab(tab.dataset.tab); });
    $('tabs').addEventListener('keydown', e => {
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') { e.preventDefault(); selectTab(state.tab === 'progress' ? 'done' : 'progress'); }
    });
    $('queue').addEventListener('click', e => {
      const task = e.target.closest('.task');
      if (!task) return;
      if (e.target.closest('[data-cancel]')) mutate('DELETE', `/api/queue/${encodeURIComponent(task.dataset.task)}`);
      else if (e.target.closest('.show-log')) toggleLog(task.dataset.task);
    });
    $('queue').addEventListener('keydown', e => {
      const task = e.target.closest('.task');
      if (!task) return;
      const all = [...$('queue').querySelectorAll('.task')];
      const at = all.indexOf(task);
      if (e.key === 'ArrowDown' && at < all.length - 1) { e.preventDefault(); all[at + 1].focus(); }
      else if (e.key === 'ArrowUp' && at > 0) { e.preventDefault(); all[at - 1].focus(); }
      else if (e.key === 'Home') { e.preventDefault(); all[0].focus(); }
      else if (e.key === 'End') { e.preventDefault(); all[all.length - 1].focus(); }
      else if (e.key === 'Enter' && e.target === task) { e.preventDefault(); toggleLog(task.dataset.task); }
    });
    $('stop-run').addEventListener('click', () => state.run && mutate('POST', `/api/runs/${encodeURIComponent(state.run.run_id)}/stop`));
    $('token-form').addEventListener('submit', e => {
      e.preventDefault();
      sessionStorage.setItem('orchestrator-token', $('token-input').value.trim());
      $('token-form').hidden = true;
      const action = state.pendingAction;
      state.pendingAction = null;
      if (action) mutate(...action);
    });
    const events = new EventSource('/api/events');
    events.onmessage = message => {
      const event = JSON.parse(message.data);
      if (event.type === 'task_output') {
        const pre = state.openLogs.get(event.task);
        if (pre) pre.append(document.createTextNode(event.line + '\n'));
        return;
      }
      refreshSoon();
    };
    events.onopen = () => refreshSoon();
    setInterval(() => {
      for (const span of document.querySelectorAll('.elapsed[data-started]')) span.textContent = seconds(Date.now() - Date.parse(span.dataset.started));
    }, 1000);
  }

  wire();
  refresh();
})();
