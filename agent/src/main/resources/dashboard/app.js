// GPU Training dashboard: one single-page UI for the agent's service and the Jenkins plugin.
//
// The host page provides a root element and the scripts, nothing inline (CSP-clean):
//
//   <link rel="stylesheet" href=".../app.css">
//   <script src=".../echarts.min.js"></script>          (ECharts 5, e.g. vendor/echarts.min.js)
//   <script type="module" src=".../app.js"></script>
//   <div id="gpu-training-app"
//        data-api-base=""            URL prefix in front of /api/training; "" = this origin
//        data-api-root="…"           or: the API root itself, standing for /api/training (the Jenkins plugin's
//                                    <job>/training/data); wins over data-api-base
//        data-stream="true"          "true": live run pages over the WebSocket stream; otherwise poll every 3 s
//        data-auth="token"           "token": a bearer-token field for pause/resume/cancel; "none": no field
//        data-crumb-header="" data-crumb=""   an extra header sent with POSTs (Jenkins' CSRF crumb)
//        data-title="GPU Training"></div>
//
// Routes (location hash): #/ runs, #/run/{id}, #/summary, #/compare?ids=a,b

import { Api } from './api.js';
import { readToken } from './token.js';
import { el, replaceChildren } from './dom.js';
import { runsPage } from './page-runs.js';
import { runPage } from './page-run.js';
import { summaryPage } from './page-summary.js';
import { comparePage } from './page-compare.js';

const ROOT_ID = 'gpu-training-app';

function parseRoute(hash) {
  const raw = (hash || '').replace(/^#/, '') || '/';
  const queryAt = raw.indexOf('?');
  const path = queryAt >= 0 ? raw.slice(0, queryAt) : raw;
  const params = new URLSearchParams(queryAt >= 0 ? raw.slice(queryAt + 1) : '');
  const run = path.match(/^\/run\/(.+)$/);
  if (run) {
    let id;
    try {
      id = decodeURIComponent(run[1]);
    } catch (e) {
      id = run[1];
    }
    return { page: 'run', key: 'run:' + id, id, params };
  }
  if (path === '/summary') {
    return { page: 'summary', key: 'summary', params };
  }
  if (path === '/compare') {
    return { page: 'compare', key: 'compare', params };
  }
  if (path === '/' || path === '') {
    return { page: 'runs', key: 'runs', params };
  }
  return { page: 'missing', key: 'missing:' + path, path, params };
}

function notFoundPage(path) {
  return {
    title: 'Not found',
    node: el('div', { class: 'page' }, el('h1', { text: 'Page not found' }),
      el('p', {}, 'Nothing lives at ', el('code', { text: path }), '. ', el('a', { href: '#/', text: 'Back to the runs' }))),
    destroy() {}
  };
}

function start(root) {
  const data = root.dataset;
  const baseTitle = data.title || 'GPU Training';
  const auth = data.auth === 'none' ? 'none' : 'token';
  const ctx = {
    api: new Api(data.apiBase || '', {
      root: data.apiRoot || null,
      crumbHeader: data.crumbHeader,
      crumb: data.crumb,
      token: auth === 'none' ? () => '' : readToken
    }),
    stream: data.stream === 'true',
    auth,
    setTitle(text) {
      document.title = text ? text + ' \u00b7 ' + baseTitle : baseTitle;
    },
    navigate(route, replace) {
      const hash = '#' + route;
      if (replace) {
        window.history.replaceState(null, '', hash);
        render();
      } else {
        window.location.hash = hash;
      }
    }
  };

  const links = {
    runs: el('a', { href: '#/', class: 'nav-link', id: 'nav-runs', text: 'Runs' }),
    summary: el('a', { href: '#/summary', class: 'nav-link', id: 'nav-summary', text: 'Summary' }),
    compare: el('a', { href: '#/compare', class: 'nav-link', id: 'nav-compare', text: 'Compare' })
  };
  const main = el('main', { id: 'view', class: 'view', tabindex: '-1' });
  replaceChildren(root,
    el('header', { class: 'app-header' },
      el('a', { href: '#/', class: 'brand' }, el('span', { class: 'brand-mark', 'aria-hidden': 'true', text: '\u25a3' }),
        el('span', { text: baseTitle })),
      el('nav', { class: 'app-nav', 'aria-label': 'Dashboard' }, Object.values(links))),
    main);
  root.classList.add('gt-app');

  let current = null;

  function render() {
    const route = parseRoute(window.location.hash);
    if (current && current.route.key === route.key && typeof current.page.update === 'function') {
      current.route = route;
      current.page.update(route.params);
      return;
    }
    if (current) {
      current.page.destroy();
    }
    let page;
    switch (route.page) {
      case 'runs':
        page = runsPage(ctx);
        break;
      case 'run':
        page = runPage(ctx, route.id);
        break;
      case 'summary':
        page = summaryPage(ctx);
        break;
      case 'compare':
        page = comparePage(ctx, route.params);
        break;
      default:
        page = notFoundPage(route.path);
    }
    current = { route, page };
    for (const [name, link] of Object.entries(links)) {
      const active = name === route.page || (name === 'runs' && route.page === 'run');
      link.classList.toggle('active', active);
      if (active) {
        link.setAttribute('aria-current', 'page');
      } else {
        link.removeAttribute('aria-current');
      }
    }
    replaceChildren(main, page.node);
    root.dataset.page = route.page;
    ctx.setTitle(page.title === baseTitle ? '' : page.title);
    if (typeof page.mounted === 'function') {
      page.mounted();
    }
  }

  window.addEventListener('hashchange', render);
  render();
}

const root = document.getElementById(ROOT_ID);
if (root) {
  start(root);
} else {
  console.warn('GPU Training dashboard: no element with id "' + ROOT_ID + '" on this page');
}
