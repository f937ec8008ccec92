// The compare page's run picker: a checkbox per run, newest first; ticking one changes the route's ids.

import { el, replaceChildren, setText } from './dom.js';
import { section, statusPill } from './widgets.js';

/** @param {function(string[])} onChange called with the ids to compare after a tick or an untick */
export function comparePicker(onChange) {
  const picker = el('div', { id: 'compare-picker', class: 'picker' });
  const hint = el('p', { class: 'muted small', id: 'picker-hint' });
  const node = section('Runs', { id: 'compare-pick' },
    el('fieldset', { class: 'picker-fieldset' }, el('legend', { class: 'visually-hidden', text: 'Runs to compare' }),
      picker),
    hint);

  return {
    node,
    /** Renders the runs (the runs list's jobs) with the picked ones ticked. */
    update({ runs, ids }) {
      const sorted = runs.slice().sort((a, b) => String(b.started_at || '').localeCompare(String(a.started_at || '')));
      replaceChildren(picker, sorted.map((job) => {
        const inputId = 'pick-' + job.job_id.replace(/[^A-Za-z0-9_-]/g, '_');
        const checkbox = el('input', { type: 'checkbox', id: inputId, class: 'pick-run', value: job.job_id,
          checked: ids.includes(job.job_id) });
        checkbox.addEventListener('change', () => {
          const next = ids.filter((jobId) => jobId !== job.job_id);
          if (checkbox.checked) {
            next.push(job.job_id);
          }
          onChange(next);
        });
        return el('label', { for: inputId, class: ['pick', checkbox.checked ? 'picked' : null], dataset: { jobId: job.job_id } },
          checkbox, el('span', { class: 'pick-name', text: job.name || job.job_id }), statusPill(job.status));
      }));
      setText(hint, runs.length === 0 ? 'No runs yet.' : ids.length + ' of ' + runs.length + ' runs selected');
    }
  };
}
