// The run page's files: its checkpoints (oldest first, each with a download link) and the run directory's artifacts
// to download (docs/progress-format.md).

import { el, replaceChildren } from './dom.js';
import { fmtBytes, fmtInt, fmtTime } from './format.js';
import { section, tableHead } from './widgets.js';

const ARTIFACTS = [
  ['progress.json', 'Progress snapshot'],
  ['metrics.jsonl', 'Training metrics'],
  ['telemetry.jsonl', 'GPU telemetry'],
  ['events.jsonl', 'Lifecycle events'],
  ['output.log', 'Console output']
];

/** The checkpoints the run saved, from its progress.json; "No checkpoints yet." without. */
export function runCheckpoints(api, id) {
  const body = el('tbody');
  const empty = el('p', { class: 'empty', text: 'No checkpoints yet.' });
  const table = el('table', { id: 'checkpoints-table', class: 'data-table', hidden: true },
    tableHead(['Checkpoint', { label: 'Step', class: 'num' }, 'Saved', { label: 'Size', class: 'num' }, '']),
    body);
  const node = section('Checkpoints', { id: 'checkpoints' }, el('div', { class: 'table-scroll' }, table), empty);

  return {
    node,
    update(checkpoints) {
      table.hidden = checkpoints.length === 0;
      empty.hidden = checkpoints.length > 0;
      const sorted = checkpoints.slice().sort((a, b) => (a.time || 0) - (b.time || 0));
      replaceChildren(body, sorted.map((checkpoint) => el('tr', { dataset: { checkpoint: checkpoint.name } },
        el('td', {}, el('span', { class: 'mono', text: checkpoint.name }),
          checkpoint.path && checkpoint.path !== checkpoint.name
            ? el('div', { class: 'muted small', text: checkpoint.path }) : null),
        el('td', { class: 'num', text: fmtInt(checkpoint.step) }),
        el('td', { class: 'nowrap', text: fmtTime(checkpoint.time) }),
        el('td', { class: 'num', text: fmtBytes(checkpoint.size_bytes) }),
        el('td', {}, el('a', { href: api.checkpointUrl(id, checkpoint.name), class: 'button small checkpoint-download',
          download: '', text: 'Download' })))));
    }
  };
}

/** Links to the run directory's files; they do not change while the page is open. */
export function runDownloads(api, id) {
  const list = el('ul', { class: 'artifact-list', id: 'artifact-links' }, ARTIFACTS.map(([file, label]) =>
    el('li', {}, el('a', { href: api.downloadUrl(id, file), download: file, class: 'artifact-link' },
      el('span', { class: 'artifact-name', text: file })), el('span', { class: 'muted small', text: ' ' + label }))));
  return { node: section('Downloads', { id: 'artifacts' }, list) };
}
