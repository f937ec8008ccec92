// The run controls: the API token (kept for this tab, token.js), the pause mode, and Pause, Resume and Cancel, each
// enabled only in the states where the service accepts it; the service's answer is shown under the buttons.

import { el } from './dom.js';
import { readToken, storeToken } from './token.js';

/**
 * @param {object} ctx the dashboard context (api, auth)
 * @param {string} id the run id
 * @param {function(): Promise} afterAction called once an action's answer is shown (the page reloads the run)
 */
export function runControls(ctx, id, afterAction) {
  let state = null;
  let busy = false;
  let destroyed = false;

  const tokenInput = el('input', { id: 'token-input', type: 'password', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'Bearer token', value: readToken() });
  const pauseMode = el('select', { id: 'pause-mode' },
    el('option', { value: 'suspend', text: 'Suspend (keep GPU memory)' }),
    el('option', { value: 'checkpoint', text: 'Checkpoint and stop' }));
  const pauseButton = el('button', { type: 'button', id: 'pause-button', class: 'button', disabled: true, text: 'Pause' });
  const resumeButton = el('button', { type: 'button', id: 'resume-button', class: 'button', disabled: true,
    text: 'Resume' });
  const cancelButton = el('button', { type: 'button', id: 'cancel-button', class: 'button danger', disabled: true,
    text: 'Cancel' });
  const actionResult = el('div', { id: 'action-result', class: 'action-result', role: 'status', 'aria-live': 'polite' });
  const tokenField = ctx.auth === 'none' ? null : el('div', { class: 'field' },
    el('label', { for: 'token-input', text: 'API token' }), tokenInput);
  const node = el('form', { class: 'controls', id: 'run-controls', 'aria-label': 'Run controls', novalidate: true },
    tokenField,
    el('div', { class: 'field' }, el('label', { for: 'pause-mode', text: 'Pause mode' }), pauseMode),
    el('div', { class: 'button-row' }, pauseButton, resumeButton, cancelButton),
    actionResult);

  function updateButtons() {
    pauseButton.disabled = busy || state !== 'running';
    pauseMode.disabled = busy || state !== 'running';
    resumeButton.disabled = busy || state !== 'paused';
    cancelButton.disabled = busy || !(state === 'running' || state === 'paused');
  }

  function showResult(kind, text) {
    actionResult.className = 'action-result result-' + kind;
    actionResult.textContent = text;
  }

  async function control(action) {
    const token = ctx.auth === 'none' ? '' : tokenInput.value.trim();
    if (ctx.auth !== 'none') {
      storeToken(token);
    }
    const body = action === 'pause' ? { mode: pauseMode.value } : {};
    busy = true;
    updateButtons();
    showResult('pending', 'Sending ' + action + '\u2026');
    try {
      const answer = await ctx.api.control(id, action, body, token || null);
      const outcome = answer && answer.outcome;
      if (!outcome) {
        showResult('pending', 'Request ' + (answer && answer.request_id ? answer.request_id + ' ' : '')
          + 'sent; waiting for the agent to act.');
      } else if (outcome.accepted) {
        showResult('ok', capitalise(outcome.event || action) + (outcome.message ? ': ' + outcome.message : ''));
      } else {
        showResult('error', 'Not done: ' + (outcome.message || outcome.event || 'the agent refused'));
      }
    } catch (e) {
      showResult('error', capitalise(action) + ' failed: ' + e.message);
    } finally {
      busy = false;
      updateButtons();
    }
    if (!destroyed) {
      await afterAction();
    }
  }

  tokenInput.addEventListener('input', () => storeToken(tokenInput.value.trim()));
  node.addEventListener('submit', (event) => event.preventDefault());
  pauseButton.addEventListener('click', () => control('pause'));
  resumeButton.addEventListener('click', () => control('resume'));
  cancelButton.addEventListener('click', () => {
    if (window.confirm('Cancel this training run? It cannot be resumed afterwards.')) {
      control('cancel');
    }
  });

  return {
    node,
    /** Enables the buttons the run's status allows (progress.json). */
    update(progress) {
      state = progress ? progress.status : null;
      updateButtons();
    },
    destroy() {
      destroyed = true;
    }
  };
}

function capitalise(text) {
  const value = String(text);
  return value.charAt(0).toUpperCase() + value.slice(1);
}
