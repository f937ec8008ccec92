// The run page's alerts (docs/analytics.md): one line per alert, critical ones marked; the panel is hidden without.

import { el, replaceChildren } from './dom.js';
import { fmtInt, isKnown } from './format.js';
import { section } from './widgets.js';

export function runAlerts() {
  const list = el('ul', { id: 'alerts-list', class: 'alerts' });
  const node = section('Alerts', { id: 'alerts', hidden: true }, list);

  return {
    node,
    /** Renders the alerts of the run's analytics. */
    update(analytics) {
      const alerts = (analytics && analytics.alerts) || [];
      node.hidden = alerts.length === 0;
      replaceChildren(list, alerts.map((alert) => el('li', {
        class: ['alert', 'severity-' + (alert.severity === 'critical' ? 'critical' : 'warning')]
      },
      el('span', { class: 'alert-kind', text: alert.kind || 'alert' }),
      el('span', { class: 'alert-message', text: alert.message || '' }),
      isKnown(alert.gpu) ? el('span', { class: 'muted small', text: ' GPU ' + alert.gpu }) : null,
      isKnown(alert.step) ? el('span', { class: 'muted small', text: ' step ' + fmtInt(alert.step) }) : null)));
    }
  };
}
