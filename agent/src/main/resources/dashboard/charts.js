// Line charts on ECharts, which the host page loads with a plain <script src> (a global `echarts`). Tooltips render
// as rich text on the canvas, not as HTML markup with inline style attributes, so they raise no CSP violations.

import { el } from './dom.js';

export const PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

export function hasECharts() {
  return typeof window.echarts === 'object' && window.echarts !== null && typeof window.echarts.init === 'function';
}

function axisNumber(value) {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6) {
    return (value / 1e6).toFixed(magnitude >= 1e7 ? 0 : 1) + 'M';
  }
  if (magnitude >= 1e4) {
    return (value / 1e3).toFixed(0) + 'k';
  }
  if (magnitude !== 0 && magnitude < 1e-3) {
    return value.toExponential(1);
  }
  return String(Number(value.toPrecision(4)));
}

function tooltipNumber(value) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '\u2014';
  }
  return axisNumber(Number(value));
}

/**
 * One ECharts line chart in a container element (which the stylesheet gives a height). Series are lists of [x, y]
 * points; a null y is a gap (connectNulls: false).
 */
export class LineChart {
  /**
   * @param {HTMLElement} container
   * @param {{xName: string, yName: string, emptyText?: string, yMin?: number, yMax?: number}} options
   */
  constructor(container, options) {
    this.container = container;
    this.options = options;
    this.series = [];
    this.renderQueued = false;
    this.disposed = false;
    if (!hasECharts()) {
      container.classList.add('chart-unavailable');
      container.appendChild(el('p', { class: 'muted', text: 'Charts need ECharts, which this page could not load.' }));
      this.chart = null;
      return;
    }
    this.chart = window.echarts.init(container, null, { renderer: 'canvas' });
    this.chart.setOption(this.baseOption());
    if (typeof ResizeObserver === 'function') {
      this.resizeObserver = new ResizeObserver(() => {
        if (!this.disposed) {
          this.chart.resize();
        }
      });
      this.resizeObserver.observe(container);
    }
  }

  baseOption() {
    const { xName, yName, yMin, yMax } = this.options;
    return {
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
      grid: { left: 12, right: 20, top: 40, bottom: 34, containLabel: true },
      tooltip: {
        trigger: 'axis',
        renderMode: 'richText',
        confine: true,
        valueFormatter: tooltipNumber
      },
      legend: { show: false, type: 'scroll', top: 4, left: 8, right: 8, itemWidth: 18 },
      xAxis: {
        type: 'value',
        name: xName,
        nameLocation: 'middle',
        nameGap: 24,
        min: 'dataMin',
        max: 'dataMax',
        axisLabel: { formatter: axisNumber, hideOverlap: true },
        splitLine: { show: false }
      },
      yAxis: {
        type: 'value',
        name: yName,
        nameTextStyle: { align: 'left' },
        scale: yMin === undefined,
        min: yMin,
        max: yMax,
        axisLabel: { formatter: axisNumber }
      },
      dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }],
      graphic: [{
        id: 'empty',
        type: 'text',
        left: 'center',
        top: 'middle',
        invisible: false,
        style: { text: this.options.emptyText || 'No data yet', fill: '#6b7280', fontSize: 13 }
      }],
      series: []
    };
  }

  /** Replaces all series: [{name, points: [[x, y|null], …]}]. */
  setSeries(series) {
    this.series = (series || []).map((s) => ({ name: String(s.name), points: (s.points || []).slice() }));
    this.render();
  }

  /** The last x of a series, or -Infinity. */
  lastX(name) {
    const series = this.series.find((s) => s.name === name);
    if (!series || series.points.length === 0) {
      return -Infinity;
    }
    return series.points[series.points.length - 1][0];
  }

  pointCount() {
    return this.series.reduce((sum, s) => sum + s.points.length, 0);
  }

  /** Appends points to a series (created when new); only points right of its last x. Renders at most once a frame. */
  append(name, points) {
    let series = this.series.find((s) => s.name === name);
    if (!series) {
      series = { name: String(name), points: [] };
      this.series.push(series);
    }
    let added = false;
    for (const point of points) {
      const last = series.points.length ? series.points[series.points.length - 1][0] : -Infinity;
      if (point[0] > last) {
        series.points.push(point);
        added = true;
      }
    }
    if (added && !this.renderQueued) {
      this.renderQueued = true;
      window.requestAnimationFrame(() => {
        this.renderQueued = false;
        this.render();
      });
    }
    return added;
  }

  render() {
    if (!this.chart || this.disposed) {
      return;
    }
    const empty = this.series.every((s) => s.points.length === 0);
    const legend = this.series.length > 1;
    this.chart.setOption({
      legend: { show: legend, data: this.series.map((s) => s.name) },
      grid: { top: legend ? 64 : 40 },
      graphic: [{ id: 'empty', invisible: !empty }],
      series: this.series.map((s) => ({
        type: 'line',
        name: s.name,
        data: s.points,
        showSymbol: s.points.length < 2,
        symbolSize: 5,
        connectNulls: false,
        lineStyle: { width: 1.6 },
        emphasis: { disabled: true }
      }))
    }, { replaceMerge: ['series'] });
  }

  dispose() {
    this.disposed = true;
    if (this.resizeObserver) {
      this.resizeObserver.disconnect();
    }
    if (this.chart) {
      this.chart.dispose();
    }
  }
}

/** A chart of several metrics over categories (runs), for trends: [{name, values, yAxisIndex}]. */
export class CategoryChart {
  constructor(container, options) {
    this.container = container;
    this.options = options;
    if (!hasECharts()) {
      container.classList.add('chart-unavailable');
      container.appendChild(el('p', { class: 'muted', text: 'Charts need ECharts, which this page could not load.' }));
      this.chart = null;
      return;
    }
    this.chart = window.echarts.init(container, null, { renderer: 'canvas' });
    if (typeof ResizeObserver === 'function') {
      this.resizeObserver = new ResizeObserver(() => this.chart.resize());
      this.resizeObserver.observe(container);
    }
  }

  set(categories, series) {
    if (!this.chart) {
      return;
    }
    const empty = categories.length === 0;
    this.chart.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
      grid: { left: 12, right: 12, top: 64, bottom: 12, containLabel: true },
      tooltip: { trigger: 'axis', renderMode: 'richText', confine: true, valueFormatter: tooltipNumber },
      legend: { top: 4, left: 8, type: 'scroll' },
      xAxis: {
        type: 'category',
        data: categories,
        axisLabel: { hideOverlap: true, width: 90, overflow: 'truncate' }
      },
      yAxis: this.options.yAxes.map((axis, index) => ({
        type: 'value',
        name: axis.name,
        min: axis.min,
        max: axis.max,
        position: index === 0 ? 'left' : 'right',
        splitLine: { show: index === 0 },
        axisLabel: { formatter: axisNumber }
      })),
      graphic: [{
        id: 'empty', type: 'text', left: 'center', top: 'middle', invisible: !empty,
        style: { text: 'No runs yet', fill: '#6b7280', fontSize: 13 }
      }],
      series: series.map((s) => ({
        type: 'line',
        name: s.name,
        data: s.values,
        yAxisIndex: s.yAxisIndex || 0,
        connectNulls: false,
        showSymbol: true,
        symbolSize: 6,
        emphasis: { disabled: true }
      }))
    }, { notMerge: true });
  }

  dispose() {
    if (this.resizeObserver) {
      this.resizeObserver.disconnect();
    }
    if (this.chart) {
      this.chart.dispose();
    }
  }
}
