// GPU Training trend charts on the job page. CSP-clean: loaded by src, configured by data attributes, no inline
// handlers. Reads <div class="gpu-training-trends" data-url="trend?builds=50" data-build-url="…/job/x/">, fetches
// the trend JSON ({builds: [{number, label, result}], metrics: [{id, title, unit, values}]}) and draws one ECharts
// line chart per metric; clicking a point opens that build's training page.
(function () {
  'use strict';

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function draw(container, data) {
    var labels = data.builds.map(function (build) { return build.label; });
    var buildUrl = container.getAttribute('data-build-url') || '';
    if (labels.length === 0) {
      container.appendChild(element('p', null, 'No finished training builds yet.'));
      return;
    }
    data.metrics.forEach(function (metric) {
      var box = element('div', 'gpu-training-trend-box');
      box.appendChild(element('div', 'gpu-training-trend__title',
        metric.title + (metric.unit ? ' (' + metric.unit + ')' : '')));
      var chartNode = element('div', 'gpu-training-trend');
      chartNode.setAttribute('data-metric', metric.id);
      chartNode.setAttribute('role', 'img');
      chartNode.setAttribute('aria-label', metric.title + ' by build');
      box.appendChild(chartNode);
      container.appendChild(box);
      if (typeof window.echarts === 'undefined') {
        chartNode.textContent = 'ECharts is not available.';
        return;
      }
      var chart = window.echarts.init(chartNode);
      chart.setOption({
        animation: false,
        grid: { left: 50, right: 16, top: 12, bottom: 28 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: labels },
        yAxis: { type: 'value', scale: true },
        series: [{ type: 'line', name: metric.title, data: metric.values, connectNulls: false, showSymbol: true }]
      });
      chart.on('click', function (params) {
        var build = data.builds[params.dataIndex];
        if (build && buildUrl) {
          window.location.href = buildUrl + encodeURIComponent(String(build.number)) + '/training/';
        }
      });
      window.addEventListener('resize', function () { chart.resize(); });
    });
  }

  function load(container) {
    var url = container.getAttribute('data-url');
    if (!url) {
      return;
    }
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (data) { draw(container, data); })
      .catch(function (error) {
        container.appendChild(element('p', 'error', 'Could not load the trends: ' + error.message));
      });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('.gpu-training-trends'), load);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
