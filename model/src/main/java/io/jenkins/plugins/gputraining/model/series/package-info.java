/**
 * Chart series of training runs, Jenkins-free: {@link io.jenkins.plugins.gputraining.model.series.Series} (an
 * immutable sequence of (x, y) points where a NaN y is a gap), their extraction from a run directory
 * ({@link io.jenkins.plugins.gputraining.model.series.RunSeries}), alignment of several runs on a shared axis
 * ({@link io.jenkins.plugins.gputraining.model.series.Overlay}), downsampling for display
 * ({@link io.jenkins.plugins.gputraining.model.series.MinMaxDownsampler}) and export
 * ({@link io.jenkins.plugins.gputraining.model.series.OverlayCsv},
 * {@link io.jenkins.plugins.gputraining.model.series.OverlayJson}).
 */
package io.jenkins.plugins.gputraining.model.series;
