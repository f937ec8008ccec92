// Hosts the shared GPU Training dashboard (dashboard/app.js) on a Jenkins page. A classic script, loaded by src
// before the dashboard's module (CSP-clean: no inline code). The page's root element says where the dashboard
// starts (data-route, e.g. "/run/12" on a build page or "/compare?ids=12,15" on the compare page): when the URL has
// no route yet, this sets it, so the dashboard opens on that view and the browser's back button still works.
(function () {
  'use strict';
  var root = document.getElementById('gpu-training-app');
  if (!root) {
    return;
  }
  var route = root.getAttribute('data-route');
  if (route && (!window.location.hash || window.location.hash === '#')) {
    window.history.replaceState(null, '', '#' + route);
  }
})();
