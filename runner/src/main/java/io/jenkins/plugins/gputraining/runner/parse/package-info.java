/**
 * Progress parsing: what the training process prints or writes, turned into metric records.
 *
 * <p>How the {@code run} command wires it (one {@link ThroughputEstimator} per run, shared by all sources):
 * <pre>
 * OutputFormat format = OutputFormat.parse(formatOption);             // --format, default OutputFormat.auto()
 * ThroughputEstimator throughput = new ThroughputEstimator(batchSize); // --batch-size, may be null
 *
 * // per stream (stdout, stderr), on the thread that reads it:
 * ConsoleLineSplitter lines = new ConsoleLineSplitter(line -&gt; {
 *     outputLog.write(line.raw());                                      // collapsed: one line per bar, not per frame
 *     format.parser().parse(line.text(), now()).ifPresent(this::record);
 * });
 * lines.accept(buffer, 0, n); … lines.finish();                        // finish() at end of stream
 *
 * // --metrics-file F and the file named in GPU_TRAINING_METRICS_FILE, at each sampling tick:
 * follower.poll().forEach(this::record);  … after the child exited: follower.drain().forEach(this::record);
 *
 * void record(Observation o) {
 *     runWriter.appendMetric(MetricRecordMapper.toRecord(o, throughput.next(o)));
 * }
 * </pre>
 */
package io.jenkins.plugins.gputraining.runner.parse;
