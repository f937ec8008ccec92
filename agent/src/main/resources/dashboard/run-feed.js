// How a run page stays current: the run's WebSocket stream where the host has one (data-stream="true"), else, or
// once the stream goes away before the run's end, a reload every 3 s until the run has finished.

const POLL_MS = 3000;

/**
 * @param {{api: object, id: string, stream: boolean, refresh: function(): Promise, finished: function(): boolean,
 *     onMessage: function(object), onState: function(string, string)}} options refresh: reloads the run (what a
 *     poll does); finished: whether the run has finished, by what the page last loaded; onMessage: a stream message;
 *     onState: how the page follows the run, for the live indicator (connecting, live, polling, ended)
 */
export function runFeed({ api, id, stream, refresh, finished, onMessage, onState }) {
  let destroyed = false;
  let socket = null;
  let ended = false;
  let pollTimer = null;

  function startPolling() {
    onState('polling', 'Refreshing every 3 s');
    const poll = async () => {
      pollTimer = null;
      if (destroyed) {
        return;
      }
      await refresh();
      if (destroyed) {
        return;
      }
      if (finished()) {
        onState('ended', 'Run finished');
        return;
      }
      pollTimer = window.setTimeout(poll, POLL_MS);
    };
    pollTimer = window.setTimeout(poll, POLL_MS);
  }

  function connect() {
    try {
      socket = new WebSocket(api.streamUrl(id));
    } catch (e) {
      startPolling();
      return;
    }
    onState('connecting', 'Connecting\u2026');
    socket.addEventListener('open', () => onState('live', 'Live'));
    socket.addEventListener('message', (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (message.type === 'end') {
        ended = true;
        onState('ended', 'Run finished');
      }
      onMessage(message);
    });
    socket.addEventListener('close', () => {
      socket = null;
      if (destroyed) {
        return;
      }
      if (ended) {
        onState('ended', 'Run finished');
      } else if (pollTimer === null) {
        startPolling(); // the stream went away: keep the page current by polling
      }
    });
  }

  return {
    /** Starts following the run, once the page has loaded it. */
    start() {
      if (finished()) {
        onState('ended', 'Run finished');
      } else if (stream && typeof WebSocket === 'function') {
        connect();
      } else {
        startPolling();
      }
    },
    destroy() {
      destroyed = true;
      window.clearTimeout(pollTimer);
      if (socket) {
        socket.close();
      }
    }
  };
}
