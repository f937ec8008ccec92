// The API token for pause/resume/cancel (and for reads, where the service requires it), kept for this browser tab
// only (sessionStorage), never in a cookie or localStorage.

const TOKEN_KEY = 'gpu-training.token';

export function readToken() {
  try {
    return window.sessionStorage.getItem(TOKEN_KEY) || '';
  } catch (e) {
    return '';
  }
}

export function storeToken(token) {
  try {
    if (token) {
      window.sessionStorage.setItem(TOKEN_KEY, token);
    } else {
      window.sessionStorage.removeItem(TOKEN_KEY);
    }
  } catch (e) {
    // sessionStorage can be disabled; the field still works for the page.
  }
}
