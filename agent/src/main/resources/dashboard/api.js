// The training API client. Where the API is comes from the host page, so the agent's service and the Jenkins plugin
// can serve the same files: data-api-base is a prefix in front of /api/training ("" = this origin), or data-api-root
// names the API root itself (the URL that stands for /api/training, e.g. a Jenkins job's .../training/data).

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

export class Api {
  /**
   * @param {string} base URL prefix in front of /api/training ("" for the same origin)
   * @param {{root?: string, crumbHeader?: string, crumb?: string, token?: function(): string}} options the API
   *     root when the host names it (replaces base + /api/training); an extra header a host needs on POSTs (Jenkins'
   *     crumb); where the stored API token comes from (sent with reads too, for services that require one to read)
   */
  constructor(base, options = {}) {
    this.base = (base || '').replace(/\/+$/, '');
    this.root = options.root ? String(options.root).replace(/\/+$/, '') : null;
    this.crumbHeader = options.crumbHeader || null;
    this.crumb = options.crumb || null;
    this.token = options.token || (() => '');
  }

  url(path) {
    return (this.root !== null ? this.root : this.base + '/api/training') + path;
  }

  runPath(id, suffix = '') {
    return '/' + encodeURIComponent(id) + suffix;
  }

  downloadUrl(id, artifact) {
    return this.url(this.runPath(id, '/download/' + encodeURIComponent(artifact)));
  }

  checkpointUrl(id, name) {
    return this.url(this.runPath(id, '/download/checkpoint/' + encodeURIComponent(name)));
  }

  /** The WebSocket URL of a run's stream: ws: or wss: as the page (or the API base) is http: or https:. */
  streamUrl(id) {
    const url = new URL(this.url(this.runPath(id, '/stream')), window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.toString();
  }

  async get(path, params) {
    let url = this.url(path);
    if (params) {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(params)) {
        if (value !== null && value !== undefined) {
          query.set(key, String(value));
        }
      }
      url += '?' + query.toString();
    }
    const headers = { Accept: 'application/json' };
    const token = this.token();
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    const response = await fetch(url, {
      headers,
      credentials: 'same-origin',
      cache: 'no-store'
    });
    return readJson(response);
  }

  async post(path, body, token) {
    const headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    if (this.crumbHeader && this.crumb) {
      headers[this.crumbHeader] = this.crumb;
    }
    const response = await fetch(this.url(path), {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: JSON.stringify(body || {})
    });
    return readJson(response);
  }

  runs() {
    return this.get(this.root !== null ? '/' : '');
  }

  progress(id) {
    return this.get(this.runPath(id));
  }

  analytics(id) {
    return this.get(this.runPath(id, '/analytics'));
  }

  summary() {
    return this.get('/analytics/summary');
  }

  compare(ids, points = 1000) {
    return this.get('/analytics/compare', { job_ids: ids.join(','), curves: 'loss', axis: 'step', points });
  }

  series(id, metric, axis, points = 1000) {
    return this.get(this.runPath(id, '/series'), { metric, axis, points });
  }

  gpuSeries(id, metric, points = 1000) {
    return this.get(this.runPath(id, '/gpu-series'), { metric, points });
  }

  control(id, action, body, token) {
    return this.post(this.runPath(id, '/' + action), body, token);
  }
}

async function readJson(response) {
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = null;
    }
  }
  if (!response.ok) {
    const message = json && typeof json.error === 'string'
      ? json.error
      : 'HTTP ' + response.status + (response.statusText ? ' ' + response.statusText : '');
    throw new ApiError(message, response.status);
  }
  if (json === null && text) {
    throw new ApiError('the server answered with something that is not JSON', response.status);
  }
  return json;
}
