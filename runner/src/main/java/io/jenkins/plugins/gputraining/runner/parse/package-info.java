/**
 * Progress parsing: what the training process prints or writes, turned into metric records.
 *
 * <p>How the {@code run} command wires it (one {@link ThroughputEstimator} and one {@link ProgressReader} per run):
 * <pre>
 * OutputFormat format = OutputFormat.parse(formatOption);             // --format, default OutputFormat.auto()
 * ProgressReader reader = format.reader(ProgressHints.of(batchSize, command)); // --batch-size, the command line
 * ThroughputEstimator throughput = new ThroughputEstimator(batchSize); // --batch-size, may be null
 *
 * // the child's merged output, on the thread that reads it:
 * ConsoleLineSplitter lines = new ConsoleLineSplitter(line -&gt; {
 *     outputLog.write(line.raw());                                      // collapsed: one line per bar, not per frame
 *     reader.line(line.text(), now(), this::record);
 * }, frame -&gt; reader.frame(frame.text(), now(), this::record));      // every frame a '\r' overwrote
 * lines.accept(buffer, 0, n); … lines.finish(); reader.finish(now(), this::record); // at end of stream
 *
 * // --metrics-file F and the file named in GPU_TRAINING_METRICS_FILE, at each sampling tick:
 * follower.poll().forEach(this::record);  … after the child exited: follower.drain().forEach(this::record);
 *
 * void record(Observation o) {
 *     runWriter.appendMetric(MetricRecordMapper.toRecord(o, throughput.next(o)));
 * }
 * </pre>
 *
 * <p>{@code --format auto} is a {@link ConsoleProgressReader}: a {@link ConsoleTokenizer} splits each line into named
 * numbers, a {@link MetricNameClassifier} says what each name is, and the reader keeps the context lines share
 * (epoch, {@link StepCounter}s, {@link ProgressBar}s, a {@link TableLayout}, {@link EvaluationLines}, the batch size).
 */
package io.jenkins.plugins.gputraining.runner.parse;
