package io.jenkins.plugins.gputraining.runner.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code --format auto}: training progress from whatever a training prints, with no change to it.
 *
 * <p>JSON object lines and HuggingFace log dicts are read as before ({@link AutoParser}). Every other line, and
 * every progress-bar frame, is split into named numbers ({@link ConsoleTokenizer}) whose names say what they are
 * ({@link MetricNameClassifier}); this reader keeps what earlier lines said, which a single line does not:
 *
 * <ul>
 *   <li>the epoch ({@code Epoch 1/3}, {@code -- Epoch 2}, {@code Epoch: [0]}) and whether it counts from 0, so that a
 *       counter that restarts every epoch becomes a global step, (e−1)·S + s;</li>
 *   <li>every step counter's meaning ({@link StepCounter}) and every progress bar's ({@link ProgressBar}), so that
 *       each frame with a new value is a record at its own step;</li>
 *   <li>a table's columns ({@link TableLayout}), a label that makes the next line an evaluation
 *       ({@code Test Error:}), and whether a line with both a training and an evaluation loss carries the training
 *       loss ({@link EvaluationLines});</li>
 *   <li>the batch size ({@code run --batch-size}, the command's {@code --batch-size}, a {@code batch_size = N} the
 *       program prints), gradient accumulation and tokens per step, for throughput in samples/s and tokens/s.</li>
 * </ul>
 *
 * Evaluation numbers ({@code val loss}, {@code eval_loss}, {@code Test set: Average loss}, a {@code Test:} meter)
 * become metrics of their own names, never the training loss. Throughput is what the program reports (samples/s,
 * it/s, s/it, ms/step, a step time, tokens/s), converted to samples/s when the batch size is known and kept in
 * steps/s and tokens/s as metrics. A line yields a record when it reports a loss or a metric; one that only moves a
 * counter updates the step that later records (a dict printed below a bar) carry. One reader per stream.
 */
public final class ConsoleProgressReader implements ProgressReader {
    private static final String STEPS_PER_SECOND = ThroughputUnit.STEPS.metricName();
    private static final String TOKENS_PER_SECOND = ThroughputUnit.TOKENS.metricName();
    private static final int MAX_EXTRA_WORDS = 3;
    /**
     * Lines less than this apart are a burst: a training logging faster than anyone reads. Of each shape of line
     * (the line without its digits: one logger call) the first {@value #BURST_READ_WHOLE} lines of a burst are read,
     * then every {@value #BURST_SAMPLE}th and the burst's last line, so that logging 100,000 lines a second does not
     * slow the training down (docs/metrics-protocol.md). Lines of other shapes (an epoch header, an evaluation) are
     * always read.
     */
    private static final double BURST_GAP_SECONDS = 0.001;
    private static final int BURST_READ_WHOLE = 100;
    private static final int BURST_SAMPLE = 64;
    private static final int SHAPE_CHARS = 48;

    private final boolean consoleRecords;
    private final ProgressParser dicts;
    private final ConsoleTokenizer tokenizer = new ConsoleTokenizer();
    private final MetricNameClassifier classifier = new MetricNameClassifier();
    private final EvaluationLines evaluationLines = new EvaluationLines();
    private final Map<String, StepCounter> counters = new HashMap<>();
    private final Map<String, StepCounter> namedCounters = new HashMap<>();

    private final Integer agentBatchSize;
    private final Integer commandBatchSize;
    private final Integer commandAccumulation;
    private Integer printedBatchSize;
    private Integer printedAccumulation;
    private double tokensPerStep = Double.NaN;

    private double epoch = Double.NaN;
    private Boolean epochZeroBased;
    private long step = -1;
    private TableLayout table;
    private String nextLineScope;
    private ProgressBar bar;
    private double barEpoch = Double.NaN;
    private boolean lastInputWasBar;
    private double barStepsPerSecond = Double.NaN;
    private String lastFrame;
    private double lastLineTime = Double.NEGATIVE_INFINITY;
    /** Lines seen per shape during the current burst. */
    private final ShapeCounts burstShapes = new ShapeCounts();
    private String deferredLine;
    private double deferredTime;

    /** A dict without a step, waiting for the redraw of the bar that tqdm.write does right after printing it. */
    private Observation pendingDict;
    private Observation heldTraining;
    private Observation heldEvaluation;
    private String heldKey;

    /** {@code --format auto}: records from JSON lines, dicts and console text. */
    public static ConsoleProgressReader auto(final ProgressHints hints) {
        return new ConsoleProgressReader(hints, new AutoParser(), true);
    }

    /**
     * {@code --format hf}: records from HuggingFace dicts only; the console text (the Trainer's tqdm bar) gives the
     * step the dicts do not carry.
     */
    public static ConsoleProgressReader huggingFace(final ProgressHints hints) {
        return new ConsoleProgressReader(hints, new HuggingFaceLogParser(), false);
    }

    private ConsoleProgressReader(final ProgressHints hints, final ProgressParser dicts, final boolean consoleRecords) {
        this.dicts = dicts;
        this.consoleRecords = consoleRecords;
        this.agentBatchSize = hints.batchSize();
        this.commandBatchSize = hints.commandBatchSize();
        this.commandAccumulation = hints.commandAccumulation();
    }

    @Override
    public void line(final String text, final double time, final Consumer<? super Observation> sink) {
        if (text.indexOf('{') >= 0) {
            // a JSON line or a dict is a record the program meant to write: never sampled
            readDeferred(sink);
            read(text, time, sink, false);
            lastFrame = null;
            return;
        }
        boolean burst = time - lastLineTime < BURST_GAP_SECONDS;
        lastLineTime = time;
        if (!burst) {
            burstShapes.clear();
        }
        int count = burstShapes.increment(shape(text));
        if (count > BURST_READ_WHOLE && count % BURST_SAMPLE != 0) {
            deferredLine = text; // read only if it turns out to end the burst
            deferredTime = time;
            return;
        }
        readDeferred(sink);
        read(text, time, sink, false);
        lastFrame = null;
    }

    /** The last line of a burst that was not read: read it now that something else follows. */
    private void readDeferred(final Consumer<? super Observation> sink) {
        if (deferredLine != null) {
            String text = deferredLine;
            deferredLine = null;
            read(text, deferredTime, sink, false);
        }
    }

    /**
     * A line's shape: the characters of its first {@value #SHAPE_CHARS} without digits (and decimal points), hashed.
     * Lines of one logger call share it.
     */
    private static int shape(final String text) {
        int hash = 0;
        int end = Math.min(text.length(), SHAPE_CHARS);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                hash = 31 * hash + c;
            }
        }
        return hash;
    }

    @Override
    public void frame(final String text, final double time, final Consumer<? super Observation> sink) {
        readDeferred(sink);
        read(text, time, sink, true);
        lastFrame = text;
    }

    @Override
    public void finish(final double time, final Consumer<? super Observation> sink) {
        readDeferred(sink);
        completePendingDict(sink);
        evaluationLines.settle();
        release(sink);
    }

    /** The batch size: what the user told the agent, else what the program printed last, else its arguments. */
    private Integer batchSize() {
        return agentBatchSize != null ? agentBatchSize : printedBatchSize != null ? printedBatchSize : commandBatchSize;
    }

    private int accumulation() {
        if (agentBatchSize != null) {
            return 1; // the user's --batch-size is per optimizer step
        }
        Integer accumulation = printedAccumulation != null ? printedAccumulation : commandAccumulation;
        return accumulation == null ? 1 : accumulation;
    }

    private void read(final String text, final double time, final Consumer<? super Observation> sink,
                      final boolean isFrame) {
        if (text.indexOf('{') >= 0) {
            Optional<Observation> dict = dicts.parse(text, time);
            if (dict.isPresent()) {
                completePendingDict(sink);
                lastInputWasBar = false;
                if (dict.get().step() == null && bar != null) {
                    pendingDict = dict.get(); // the bar's redraw below it shows the step it was logged at
                }
                else {
                    sink.accept(withContext(dict.get()));
                }
                return;
            }
        }
        if (pendingDict != null) {
            long before = step;
            ProgressBar barBefore = bar;
            readText(text, time, sink, isFrame);
            boolean redraw = lastInputWasBar && bar == barBefore && step >= before;
            if (!redraw) {
                step = Math.max(step, before);
            }
            completePendingDict(sink);
            return;
        }
        readText(text, time, sink, isFrame);
    }

    private void completePendingDict(final Consumer<? super Observation> sink) {
        if (pendingDict != null) {
            Observation dict = pendingDict;
            pendingDict = null;
            sink.accept(withContext(dict));
        }
    }

    private void readText(final String text, final double time, final Consumer<? super Observation> sink,
                          final boolean isFrame) {
        if (!hasDigit(text)) {
            noNumbers(text, isFrame);
            return;
        }
        List<ConsoleToken> tokens = tokenizer.tokenize(text);
        String scope = null;
        if (!isFrame) {
            scope = nextLineScope;
            nextLineScope = null;
        }
        if (table != null) {
            List<ConsoleToken> row = tableRow(tokens, text);
            if (row != null) {
                tokens = row;
            }
        }
        LineFacts facts = facts(tokens, text);
        if (isFrame && facts.barCounter == null && text.equals(lastFrame)) {
            return; // a redraw without change; a bar's identical frames are steps of their own (ProgressBar)
        }
        if (scope == null) {
            scope = facts.scope;
        }
        if (facts.numbers == 0) {
            if (!isFrame && startsTable(text)) {
                lastInputWasBar = false;
                return; // a header whose digits are in its names: skorch's "epoch  f1  train_loss …"
            }
            if (scope != null && !isFrame && facts.onlyLabels) {
                nextLineScope = scope;
            }
            lastInputWasBar = false;
            return;
        }
        Observation observation = observe(facts, scope, time);
        if (observation != null && consoleRecords) {
            route(observation, facts, scope, sink);
        }
    }

    private static boolean hasDigit(final String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    /** A line without numbers: a table header, a label that scopes the next line, or nothing. */
    private void noNumbers(final String text, final boolean isFrame) {
        lastInputWasBar = false;
        if (isFrame || text.isBlank()) {
            return;
        }
        if (startsTable(text)) {
            return;
        }
        String scope = null;
        for (ConsoleToken token : tokenizer.tokenize(text)) {
            if (token.kind() == ConsoleToken.Kind.LABEL) {
                scope = scopeOf(classifier.classify(token.name()), token.name());
            }
        }
        nextLineScope = scope;
    }

    /** Whether {@code text} is the header of a progress table, which then reads the rows below it. */
    private boolean startsTable(final String text) {
        TableLayout header = TableLayout.header(text);
        if (header != null && isProgressHeader(header)) {
            table = header;
            return true;
        }
        return false;
    }

    private boolean isProgressHeader(final TableLayout header) {
        boolean counter = false;
        boolean value = false;
        for (String name : header.names()) {
            MetricName classified = classifier.classify(name);
            switch (classified.role()) {
                case STEP, EPOCH -> counter = true;
                case LOSS, METRIC, SET_METRIC -> value = true;
                default -> {
                    // other columns are read along
                }
            }
        }
        return counter && value;
    }

    /**
     * The tokens of a table row, named by their columns, or null for a line that is no row. A row is bare numbers
     * under the header; it may be followed by a progress bar after a ':' (Ultralytics:
     * {@code 1/3  0G  1.234  2.567  1.012  45  640:  12%|█▎  | 1/8 [00:01<00:08,  1.14s/it]}), whose tokens stay
     * as they are.
     */
    private List<ConsoleToken> tableRow(final List<ConsoleToken> tokens, final String text) {
        int cells = 0;
        while (cells < tokens.size() && tokens.get(cells).start() <= table.end()) {
            ConsoleToken token = tokens.get(cells);
            boolean bare = token.kind() == ConsoleToken.Kind.NUMBER
                    || token.kind() == ConsoleToken.Kind.COUNTER && !token.bracketed() && cells + 1 < tokens.size();
            if (!bare || token.isNamed()) {
                return null;
            }
            cells++;
        }
        if (cells == 0 || cells < tokens.size()
                && text.substring(tokens.get(cells - 1).end(), tokens.get(cells).start()).indexOf(':') < 0) {
            return null;
        }
        List<ConsoleToken> row = table.row(tokens.subList(0, cells));
        if (row == null || cells == tokens.size()) {
            return row;
        }
        List<ConsoleToken> named = new ArrayList<>(row);
        named.addAll(tokens.subList(cells, tokens.size()));
        return named;
    }

    /** The evaluation word a label or name scopes with ("test", "val"), or null. */
    private static String scopeOf(final MetricName name, final String printed) {
        if (!name.evaluation()) {
            return null;
        }
        for (String word : MetricNameClassifier.key(printed).split("[_\\-]")) {
            if (MetricNameClassifier.isEvaluationWord(word)) {
                return word;
            }
        }
        return "eval";
    }

    /** What one line's tokens say, sorted by role. */
    private static final class LineFacts {
        String text;
        int numbers;
        boolean onlyLabels = true;
        String scope;
        ConsoleToken epochToken;
        ConsoleToken stepToken;
        String stepKey;
        ConsoleToken barCounter;
        ConsoleToken bracketCounter;
        ConsoleToken loss;
        MetricName lossName;
        List<ConsoleToken> setMetrics = List.of();
        List<MetricName> setNames = List.of();
        List<ConsoleToken> tokens;
        Map<String, Double> evaluation = Map.of();
        /** Quality metrics measured in training ({@code accuracy}, {@code acc1}). */
        Map<String, Double> quality = Map.of();
        /** Anything else the line names: secondary losses, {@code grad_norm}, {@code mfu}. */
        Map<String, Double> extras = Map.of();

        void evaluation(final String key, final double value) {
            if (evaluation.isEmpty()) {
                evaluation = new LinkedHashMap<>();
            }
            evaluation.put(key, value);
        }

        void quality(final String key, final double value) {
            if (quality.isEmpty()) {
                quality = new LinkedHashMap<>();
            }
            quality.put(key, value);
        }

        void extra(final String key, final double value) {
            if (extras.isEmpty()) {
                extras = new LinkedHashMap<>();
            }
            extras.put(key, value);
        }
        boolean qualityMetric;
        /** Parts of a loss on the line ({@code Loss_D}, {@code Loss_G}). */
        int componentLosses;
        Double learningRate;
        double stepsPerSecond = Double.NaN;
        double samplesPerSecond = Double.NaN;
        double tokensPerSecond = Double.NaN;
        double stepSeconds = Double.NaN;
        Long samples;
        boolean rateOrBar;
        boolean percent;
    }

    private LineFacts facts(final List<ConsoleToken> tokens, final String text) {
        LineFacts facts = new LineFacts();
        facts.text = text;
        facts.tokens = tokens;
        for (int i = 0; i < tokens.size(); i++) {
            ConsoleToken token = tokens.get(i);
            if (token.kind() == ConsoleToken.Kind.LABEL) {
                String scope = scopeOf(classifier.classify(token.name()), token.name());
                if (scope != null) {
                    facts.scope = scope;
                }
                continue;
            }
            ConsoleToken next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (isTrainingEpoch(token, next) || isEpochBeforeBatch(token, next, text)) {
                facts.numbers++;
                facts.onlyLabels = false;
                facts.epochToken = token; // timm: "Train: 3 [  50/1251 (  4%)]"
                continue;
            }
            facts.numbers++;
            facts.onlyLabels = false;
            if (!token.isNamed()) {
                unnamed(token, facts);
                continue;
            }
            MetricName name = classifier.classify(token.name());
            if (token.kind() == ConsoleToken.Kind.COUNTER) {
                namedCounter(token, name, facts);
                continue;
            }
            named(token, name, facts);
        }
        if (facts.componentLosses > 1 && facts.lossName.rank() == MetricNameClassifier.COMPONENT_RANK) {
            // a GAN's Loss_D and Loss_G: no one of them is the training loss; both are kept as metrics
            facts.quality(facts.lossName.key(), facts.loss.value());
            facts.qualityMetric = true;
            facts.loss = null;
            facts.lossName = null;
        }
        return facts;
    }

    /**
     * {@code [0/25][3/1563]} of pytorch/examples' dcgan, {@code Epoch(train)  [1][  50/1250]} of mmengine: an epoch in
     * brackets right before the batch counter.
     */
    private static boolean isEpochBeforeBatch(final ConsoleToken token, final ConsoleToken next, final String text) {
        if (next == null || token.kind() != ConsoleToken.Kind.COUNTER || !token.bracketed() || token.isNamed()
                || !isBareBracketCounter(next)) {
            return false;
        }
        return text.substring(token.end(), next.start()).replace(" ", "").equals("][");
    }

    private static boolean isBareBracketCounter(final ConsoleToken token) {
        return token.kind() == ConsoleToken.Kind.COUNTER && token.bracketed() && !token.isNamed() && token.hasTotal();
    }

    /** {@code Train: 3} right before an unnamed batch counter: the epoch, as timm prints it. */
    private boolean isTrainingEpoch(final ConsoleToken token, final ConsoleToken next) {
        if (token.kind() != ConsoleToken.Kind.NUMBER || !token.isNamed() || next == null || next.isNamed()
                || next.kind() != ConsoleToken.Kind.COUNTER || !next.bracketed()
                || token.value() != Math.rint(token.value())) {
            return false;
        }
        String key = classifier.classify(token.name()).key();
        return key.equals("train") || key.equals("training");
    }

    private static void unnamed(final ConsoleToken token, final LineFacts facts) {
        if (token.kind() == ConsoleToken.Kind.COUNTER) {
            if (token.bracketed()) {
                if (facts.bracketCounter == null) {
                    facts.bracketCounter = token;
                }
            }
            else if (token.hasTotal() && facts.barCounter == null) {
                facts.barCounter = token;
            }
            return;
        }
        String unit = token.unit();
        if (unit == null) {
            return;
        }
        if ("%".equals(unit)) {
            facts.percent = true;
            return;
        }
        rate(token.value(), unit, facts);
    }

    /** A number with a rate unit (45.2it/s, 668.1/s) or a time per step (7ms/step, 1.2s/it). */
    private static boolean rate(final double value, final String unit, final LineFacts facts) {
        ThroughputUnit rate = Units.rate(unit);
        if (rate != null) {
            facts.rateOrBar = true;
            put(rate, value, facts);
            return true;
        }
        if (Units.timePerStep(unit)) {
            facts.rateOrBar = true;
            facts.stepsPerSecond = Units.stepsPerSecond(value, unit);
            return true;
        }
        return false;
    }

    /** The first rate of a unit on a line is the current one; a later one is an average (timm: "668/s (636/s)"). */
    private static void put(final ThroughputUnit unit, final double value, final LineFacts facts) {
        if (!Double.isFinite(value) || value < 0) {
            return;
        }
        switch (unit) {
            case SAMPLES -> facts.samplesPerSecond = first(facts.samplesPerSecond, value);
            case STEPS -> facts.stepsPerSecond = first(facts.stepsPerSecond, value);
            case TOKENS -> facts.tokensPerSecond = first(facts.tokensPerSecond, value);
            default -> throw new IllegalStateException(unit.name());
        }
    }

    private static double first(final double current, final double value) {
        return Double.isNaN(current) ? value : current;
    }

    private void namedCounter(final ConsoleToken token, final MetricName name, final LineFacts facts) {
        switch (name.role()) {
            case EPOCH -> {
                if (facts.epochToken == null) {
                    facts.epochToken = token;
                }
            }
            case STEP -> {
                if (facts.stepToken == null) {
                    facts.stepToken = token;
                    facts.stepKey = name.key();
                }
            }
            case METRIC -> {
                if (token.hasTotal()) {
                    facts.quality(name.key(), token.value() / token.total()); // Accuracy: 470/500
                }
            }
            default -> {
                if (name.evaluation()) {
                    facts.scope = scopeOf(name, token.name()); // "Test: [0/6]": an evaluation batch
                }
            }
        }
    }

    private void named(final ConsoleToken token, final MetricName name, final LineFacts facts) {
        double value = token.value();
        if (rate(value, token.unit(), facts)) {
            return; // "loss" never carries a rate unit; a name before 45.2it/s is a bar's description
        }
        switch (name.role()) {
            case LOSS -> {
                if (!name.evaluation() && name.rank() == MetricNameClassifier.COMPONENT_RANK) {
                    facts.componentLosses++;
                }
                if (name.evaluation()) {
                    facts.evaluation(name.key(), value);
                }
                else if (facts.lossName == null || name.rank() < facts.lossName.rank()) {
                    if (facts.loss != null) {
                        facts.extra(facts.lossName.key(), facts.loss.value());
                    }
                    facts.loss = token;
                    facts.lossName = name;
                }
                else {
                    facts.extra(name.key(), value);
                }
            }
            case METRIC -> {
                if (name.evaluation()) {
                    facts.evaluation(name.key(), value);
                }
                else {
                    facts.quality(name.key(), value);
                    facts.qualityMetric = true;
                    if (token.hasAverage()) {
                        facts.extra(name.key() + "_avg", token.average());
                    }
                }
            }
            case SET_METRIC -> {
                if (facts.setMetrics.isEmpty()) {
                    facts.setMetrics = new ArrayList<>(4);
                    facts.setNames = new ArrayList<>(4);
                }
                facts.setMetrics.add(token);
                facts.setNames.add(name);
            }
            case STEP -> {
                if (facts.stepToken == null) {
                    facts.stepToken = token;
                    facts.stepKey = name.key();
                }
            }
            case EPOCH -> {
                if (facts.epochToken == null) {
                    facts.epochToken = token;
                }
            }
            case LEARNING_RATE -> facts.learningRate = value;
            case STEP_TIME -> {
                // the unit is after the number (0.16s) or in the name (ms/batch 10.52)
                String key = name.key();
                String unit = token.unit() != null || key.indexOf('/') < 0 ? token.unit()
                        : key.substring(0, key.indexOf('/'));
                double seconds = Units.seconds(value, unit);
                if (seconds > 0) {
                    facts.stepSeconds = seconds;
                }
            }
            case RATE -> put(name.unit(), value, facts);
            case SAMPLES -> facts.samples = Math.round(value);
            case BATCH_SIZE -> {
                if (value >= 1 && value == Math.rint(value)) {
                    printedBatchSize = (int) value;
                }
            }
            case GRADIENT_ACCUMULATION -> {
                if (value >= 1 && value == Math.rint(value)) {
                    printedAccumulation = (int) value;
                }
            }
            case TOKENS_PER_STEP -> {
                if (value > 0) {
                    tokensPerStep = value;
                }
            }
            case IGNORED -> {
                // times to go and bookkeeping
            }
            case OTHER -> {
                if (name.evaluation()) {
                    facts.scope = scopeOf(name, token.name());
                }
                else if (isIdentifier(name.key()) && !Units.CLOCK.equals(token.unit())) {
                    facts.extra(name.key(), value);
                }
            }
            default -> throw new IllegalStateException(name.role().name());
        }
    }

    /** Names worth keeping as extra metrics: a few words of letters, digits and _@/-, nothing like a file name. */
    private static boolean isIdentifier(final String key) {
        int words = 1;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '_') {
                words++;
            }
            else if (c == '.' || c == ':' || c == ',' || c == '(' || c == ')') {
                return false;
            }
        }
        return words <= MAX_EXTRA_WORDS && !key.isEmpty();
    }

    /** The record a line makes, updating the context on the way; null when it reports nothing to record. */
    private Observation observe(final LineFacts facts, final String scope, final double time) {
        boolean evaluationLine = scope != null;
        if (facts.epochToken != null && !evaluationLine) {
            double value = facts.epochToken.value();
            if (epochZeroBased == null) {
                epochZeroBased = value == 0;
            }
            epoch = value;
        }
        double completedEpochs = Double.isNaN(epoch) ? Double.NaN
                : Boolean.TRUE.equals(epochZeroBased) ? epoch : epoch - 1;
        Long stepNow = null;
        double fraction = Double.NaN;
        ProgressBar.Frame frame = null;
        Integer batchSize = batchSize();
        if (!evaluationLine) {
            if (facts.stepToken != null) {
                StepCounter counter = namedCounters.computeIfAbsent(facts.stepKey, key -> new StepCounter(true));
                double value = facts.stepToken.value();
                counter.observe(value, epoch, batchSize);
                long done = counter.stepsDone(value);
                if (facts.stepToken.hasTotal() && !Double.isNaN(completedEpochs) && counter.perEpoch()) {
                    stepNow = Math.round(completedEpochs * facts.stepToken.total()) + done;
                    fraction = done / facts.stepToken.total();
                }
                else {
                    stepNow = done;
                }
            }
            else if (facts.barCounter != null && isBar(facts)) {
                frame = barFrame(facts, completedEpochs);
                if (frame == null) {
                    return null; // another bar (evaluation, data loading): not the training's steps
                }
                stepNow = frame.step();
                fraction = Math.min(1, (frame.step() - bar.base()) / facts.barCounter.total());
            }
            else if (facts.bracketCounter != null && (facts.bracketCounter.hasTotal()
                    || startsLine(facts.text, facts.bracketCounter))) {
                ConsoleToken counter = facts.bracketCounter;
                fraction = counter.hasTotal() ? counter.value() / counter.total() : Double.NaN;
                // after an epoch in brackets ([0][ 3/500], [1][  50/1250]) the counter is a batch index, never samples
                StepCounter batches = facts.epochToken != null && facts.epochToken.bracketed()
                        && facts.epochToken.end() <= counter.start() ? counter("bracket-batch", true)
                        : counter("bracket", false);
                stepNow = bracketStep(counter, batches, completedEpochs, batchSize);
                if (stepNow != null && counter.hasTotal()) {
                    fraction = fractionOf(counter, batches, batchSize);
                }
            }
        }
        if (stepNow != null) {
            step = stepNow;
        }
        if (frame != null) {
            lastInputWasBar = true;
            barStepsPerSecond = facts.stepsPerSecond;
        }
        else {
            lastInputWasBar = false;
        }

        Double loss = null;
        String lossKey = null;
        Map<String, Double> metrics = new LinkedHashMap<>();
        // a bar keeps showing the last evaluation (Lightning's val_loss) on every frame: recorded when it changes
        Map<String, Double> evaluation = frame == null ? facts.evaluation : changedOn(frame, facts.evaluation);
        if (evaluationLine) {
            evaluationMetrics(facts, scope, metrics);
        }
        else {
            if (facts.loss != null) {
                loss = facts.loss.value();
                lossKey = facts.lossName.key();
                if (facts.loss.hasAverage()) {
                    metrics.put(lossKey + "_avg", facts.loss.average());
                }
            }
            else if (!facts.setMetrics.isEmpty()) {
                loss = setMetricLoss(facts, metrics);
            }
            if (frame != null && frame.sameStep() && facts.loss != null && !frame.changed(lossKey, loss)) {
                loss = null; // Lightning's bar after validation: val_loss appeared, the step's loss was recorded
            }
            metrics.putAll(evaluation);
            facts.quality.forEach(metrics::putIfAbsent);
            facts.extras.forEach(metrics::putIfAbsent);
        }
        boolean reports = loss != null || !evaluation.isEmpty() || !facts.setMetrics.isEmpty()
                || evaluationLine && !metrics.isEmpty()
                || facts.qualityMetric && (stepNow != null || facts.epochToken != null);
        if (!reports || frame != null && !frame.newValues()) {
            return null;
        }

        Long recordStep = stepNow != null ? stepNow : step >= 0 ? step : null;
        Double recordEpoch = null;
        if (!Double.isNaN(epoch)) {
            recordEpoch = !Double.isNaN(fraction) && !evaluationLine ? completedEpochs + fraction : epoch;
        }
        Double samplesPerSecond = null;
        Long samples = facts.samples;
        if (!evaluationLine) {
            samplesPerSecond = throughput(facts, stepsAreOptimizerSteps(facts), metrics, batchSize);
            if (samples == null && recordStep != null && batchSize != null && stepsAreOptimizerSteps(facts)) {
                samples = recordStep * batchSize * accumulation();
            }
        }
        return new Observation(time, recordStep, recordEpoch, loss, evaluationLine ? null : facts.learningRate,
                samplesPerSecond, samples, metrics);
    }

    /** The values that {@code frame} shows changed from the frame before it. */
    private static Map<String, Double> changedOn(final ProgressBar.Frame frame, final Map<String, Double> values) {
        if (values.isEmpty()) {
            return values;
        }
        Map<String, Double> changed = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (frame.changed(key, value)) {
                changed.put(key, value);
            }
        });
        return changed;
    }

    /** Whether the line's step is an optimizer step (not an epoch-level row such as skorch's). */
    private static boolean stepsAreOptimizerSteps(final LineFacts facts) {
        return facts.stepToken != null || facts.barCounter != null || facts.bracketCounter != null;
    }

    private StepCounter counter(final String key, final boolean countsSteps) {
        return counters.computeIfAbsent(key, k -> new StepCounter(countsSteps));
    }

    /** A bare n/N is a progress bar's when the line shows a rate, a percentage or a bar glyph. */
    private static boolean isBar(final LineFacts facts) {
        return facts.rateOrBar || facts.percent;
    }

    /** Whether only blanks and '[' precede the counter: xgboost's round {@code [12]} starts its line. */
    private static boolean startsLine(final String text, final ConsoleToken counter) {
        for (int i = 0; i < counter.start(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '[') {
                return false;
            }
        }
        return true;
    }

    /** Steps for an unnamed counter in brackets: [0] of xgboost, [ 3/24] of torchvision, [320/1280 (25%)]. */
    private Long bracketStep(final ConsoleToken counter, final StepCounter batches, final double completedEpochs,
                             final Integer batchSize) {
        if (!counter.hasTotal()) {
            StepCounter rounds = counter("bracket-rounds", true);
            rounds.observe(counter.value(), Double.NaN, batchSize);
            return rounds.stepsDone(counter.value());
        }
        batches.observe(counter.value(), epoch, batchSize);
        double completed = Double.isNaN(completedEpochs) ? 0 : completedEpochs;
        switch (batches.unit(batchSize)) {
            case STEPS -> {
                return Math.round(completed * counter.total()) + batches.stepsDone(counter.value());
            }
            case SAMPLES -> {
                long perEpoch = (long) Math.ceil(counter.total() / batchSize);
                return Math.round(completed * perEpoch) + (long) Math.floor(counter.value() / batchSize) + 1;
            }
            default -> {
                // a first value of 0 is the first step either way, in the first epoch
                return batchSize != null && counter.value() == 0 && completed == 0 ? Long.valueOf(1) : null;
            }
        }
    }

    private static double fractionOf(final ConsoleToken counter, final StepCounter batches, final Integer batchSize) {
        if (batches.unit(batchSize) == StepCounter.Unit.STEPS) {
            return batches.stepsDone(counter.value()) / counter.total();
        }
        return counter.value() / counter.total();
    }

    /** The frame of the training's bar, or null for another bar. */
    private ProgressBar.Frame barFrame(final LineFacts facts, final double completedEpochs) {
        ConsoleToken counter = facts.barCounter;
        String key = barKey(facts);
        if (key == null) {
            return null;
        }
        double total = counter.total();
        boolean sameBar = bar != null && bar.key().equals(key) && bar.total() == total;
        if (!sameBar && bar != null && facts.loss == null && facts.setMetrics.isEmpty()) {
            return null; // a second bar with no loss in it: evaluation, prediction or data loading
        }
        double barEpochNow = Double.isNaN(completedEpochs) ? Double.NaN : completedEpochs;
        boolean startedOver = sameBar && bar.wentBack(counter.value());
        if (!sameBar || !Double.isNaN(barEpochNow) && barEpochNow != barEpoch || startedOver) {
            long base = Double.isNaN(barEpochNow) ? 0 : Math.round(barEpochNow * total);
            if (startedOver) {
                // the next epoch's bar: it goes on from this one, also when the epoch shown lags behind (an outer
                // tqdm bar over the epochs redraws at most every 0.1 s)
                base = Math.max(base, bar.step());
            }
            bar = sameBar ? bar.following(total, base) : new ProgressBar(key, total, base);
            barEpoch = barEpochNow;
        }
        return bar.next(counter.value(), shownValues(facts), !lastInputWasBar);
    }

    /** What a bar frame shows besides its counter and rate: names and values, to tell a new step's values. */
    private List<Object> shownValues(final LineFacts facts) {
        List<Object> values = new ArrayList<>(8);
        for (ConsoleToken token : facts.tokens) {
            if (token.isNamed() && token.kind() == ConsoleToken.Kind.NUMBER) {
                MetricName name = classifier.classify(token.name());
                switch (name.role()) {
                    case LOSS, METRIC, SET_METRIC, LEARNING_RATE, OTHER -> {
                        values.add(name.key());
                        values.add(token.value());
                    }
                    default -> {
                        // counters, rates and times change without a new step
                    }
                }
            }
        }
        return values;
    }

    /**
     * A bar's identity: the words of its description ({@code Epoch 1/3: 38%|} → {@code epoch}); null for a bar of
     * evaluation, validation, testing or a sanity check, which is not the training's.
     */
    private static String barKey(final LineFacts facts) {
        StringBuilder key = new StringBuilder();
        String text = facts.text;
        for (int i = 0; i < facts.barCounter.start() && i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                key.append(Character.toLowerCase(c));
            }
            else if (key.length() > 0 && key.charAt(key.length() - 1) != ' ') {
                key.append(' ');
            }
        }
        String description = key.toString().strip();
        for (String word : description.split(" ")) {
            switch (word) {
                case "val", "valid", "validation", "validating", "eval", "evaluation", "evaluating", "test", "testing",
                     "predict", "predicting", "prediction", "sanity", "dev" -> {
                    return null;
                }
                default -> {
                    // a training bar so far
                }
            }
        }
        return description;
    }

    private Double setMetricLoss(final LineFacts facts, final Map<String, Double> metrics) {
        MetricName first = facts.setNames.get(0);
        String trainingSet = isEvaluationSet(first.set()) ? null : first.set();
        ConsoleToken lossToken = null;
        if (trainingSet != null) {
            for (int i = 0; i < facts.setNames.size(); i++) {
                MetricName name = facts.setNames.get(i);
                if (name.set().equals(trainingSet) && isLossLike(name.metric())) {
                    lossToken = facts.setMetrics.get(i);
                    break;
                }
            }
            if (lossToken == null) {
                lossToken = facts.setMetrics.get(0);
            }
        }
        for (int i = 0; i < facts.setNames.size(); i++) {
            if (facts.setMetrics.get(i) != lossToken) {
                metrics.put(facts.setNames.get(i).key(), facts.setMetrics.get(i).value());
            }
        }
        return lossToken == null ? null : lossToken.value();
    }

    /** An evaluation set by name: eval, valid, test …, but not the scikit-learn API's positional validation_0. */
    private static boolean isEvaluationSet(final String set) {
        if (set.matches("validation_\\d+")) {
            return false;
        }
        for (String word : set.split("_")) {
            if (MetricNameClassifier.isEvaluationWord(word)) {
                return true;
            }
        }
        return false;
    }

    /** xgboost metrics that are losses (lower is better, the objective's own measure), not rates or rankings. */
    private static boolean isLossLike(final String metric) {
        return metric.endsWith("logloss") || metric.endsWith("nloglik") || metric.endsWith("deviance")
                || switch (metric) {
                    case "rmse", "rmsle", "mae", "mape", "mphe", "mse" -> true;
                    default -> false;
                };
    }

    private void evaluationMetrics(final LineFacts facts, final String scope, final Map<String, Double> metrics) {
        if (facts.loss != null) {
            metrics.put(scoped(scope, facts.lossName.key()), facts.loss.value());
        }
        facts.evaluation.forEach((key, value) -> metrics.put(scoped(scope, key), value));
        facts.quality.forEach((key, value) -> metrics.putIfAbsent(scoped(scope, key), value));
        for (int i = 0; i < facts.setMetrics.size(); i++) {
            metrics.put(facts.setNames.get(i).key(), facts.setMetrics.get(i).value());
        }
    }

    /** {@code Average loss} under "Test set:" → {@code test_loss}; a name with its own scope keeps it. */
    private static String scoped(final String scope, final String key) {
        String[] words = key.split("_");
        StringBuilder out = new StringBuilder(scope);
        for (String word : words) {
            if (MetricNameClassifier.isEvaluationWord(word)) {
                return key;
            }
            switch (word) {
                case "avg", "average", "mean", "running", "smoothed", "set" -> {
                    // a qualifier, dropped
                }
                default -> out.append('_').append(word);
            }
        }
        return out.toString();
    }

    /** Samples/s for the record; steps/s and tokens/s go to its metrics. */
    private Double throughput(final LineFacts facts, final boolean stepLine, final Map<String, Double> metrics,
                              final Integer batchSize) {
        double stepsPerSecond = facts.stepsPerSecond;
        if (Double.isNaN(stepsPerSecond) && stepLine && facts.stepSeconds > 0) {
            stepsPerSecond = 1 / facts.stepSeconds;
        }
        double tokensPerSecond = facts.tokensPerSecond;
        if (Double.isNaN(tokensPerSecond) && !Double.isNaN(stepsPerSecond) && !Double.isNaN(tokensPerStep)) {
            tokensPerSecond = stepsPerSecond * tokensPerStep;
        }
        double samplesPerSecond = facts.samplesPerSecond;
        if (Double.isNaN(samplesPerSecond) && !Double.isNaN(stepsPerSecond) && batchSize != null) {
            samplesPerSecond = stepsPerSecond * batchSize * accumulation();
        }
        if (!Double.isNaN(stepsPerSecond)) {
            metrics.put(STEPS_PER_SECOND, stepsPerSecond);
        }
        if (!Double.isNaN(tokensPerSecond)) {
            metrics.put(TOKENS_PER_SECOND, tokensPerSecond);
        }
        return Double.isNaN(samplesPerSecond) ? null : samplesPerSecond;
    }

    /** A dict or JSON line, with the step a bar shows when it has none, and HF's summary as throughput. */
    private Observation withContext(final Observation observation) {
        Long recordStep = observation.step();
        if (recordStep == null && step >= 0) {
            recordStep = step;
        }
        Double samplesPerSecond = observation.samplesPerSecond();
        Long samples = observation.samples();
        Map<String, Double> metrics = observation.metrics();
        Double runtime = metrics.get("train_runtime");
        Double summaryRate = metrics.get("train_samples_per_second");
        if (samplesPerSecond == null && summaryRate != null && Double.isFinite(summaryRate)) {
            samplesPerSecond = summaryRate * doneOfPlanned(recordStep, runtime, metrics.get("train_steps_per_second"));
            if (samples == null && runtime != null && Double.isFinite(runtime)) {
                samples = Math.round(samplesPerSecond * runtime);
            }
        }
        else if (samplesPerSecond == null && summaryRate == null && observation.loss() != null
                && !Double.isNaN(barStepsPerSecond)) {
            Map<String, Double> more = new LinkedHashMap<>(metrics);
            more.putIfAbsent(STEPS_PER_SECOND, barStepsPerSecond);
            metrics = more;
            Integer batchSize = batchSize();
            if (batchSize != null) {
                samplesPerSecond = barStepsPerSecond * batchSize * accumulation();
            }
        }
        Integer batchSize = batchSize();
        if (samples == null && recordStep != null && batchSize != null && summaryRate == null) {
            samples = recordStep * batchSize * accumulation();
        }
        if (recordStep == observation.step() && samplesPerSecond == observation.samplesPerSecond()
                && samples == observation.samples() && metrics == observation.metrics()) {
            return observation;
        }
        return new Observation(observation.time(), recordStep, observation.epoch(), observation.loss(),
                observation.learningRate(), samplesPerSecond, samples, metrics);
    }

    /**
     * The share of the planned steps a HuggingFace run did. The Trainer's summary divides the samples and steps it
     * planned (max_steps, or epochs × dataset) by the runtime, also when a callback (early stopping, a time budget)
     * ended the run sooner: its rates then count steps that never ran. When the steps the bar reached differ from
     * the summary's (steps/s × runtime) by more than 1 %, its rates are scaled to the steps done; else 1.
     */
    private static double doneOfPlanned(final Long stepsDone, final Double runtime, final Double stepsPerSecond) {
        if (stepsDone == null || stepsDone <= 0 || runtime == null || stepsPerSecond == null
                || !Double.isFinite(runtime * stepsPerSecond) || runtime * stepsPerSecond <= 0) {
            return 1;
        }
        double planned = runtime * stepsPerSecond;
        return Math.abs(planned - stepsDone) > Math.max(1, planned * 0.01) ? Math.min(1, stepsDone / planned) : 1;
    }

    /** Sends a line's record on, holding back the first line that mixes a training and an evaluation loss. */
    private void route(final Observation observation, final LineFacts facts, final String scope,
                       final Consumer<? super Observation> sink) {
        boolean trainingLoss = observation.loss() != null && facts.loss != null && scope == null;
        if (trainingLoss && !facts.evaluation.isEmpty()) {
            String key = facts.lossName.key();
            EvaluationLines.Verdict verdict = evaluationLines.mixedLine(key, heldTraining != null);
            if (verdict == EvaluationLines.Verdict.UNDECIDED) {
                heldTraining = observation;
                heldEvaluation = demoted(observation, key);
                heldKey = key;
                return;
            }
            release(sink);
            sink.accept(verdict == EvaluationLines.Verdict.TRAINING_LOSS ? observation : demoted(observation, key));
            return;
        }
        if (trainingLoss) {
            evaluationLines.trainingLine(facts.lossName.key(), heldKey);
            release(sink);
        }
        sink.accept(observation);
    }

    private void release(final Consumer<? super Observation> sink) {
        if (heldTraining == null) {
            return;
        }
        Observation held = evaluationLines.verdict() == EvaluationLines.Verdict.EVALUATION ? heldEvaluation
                : heldTraining;
        heldTraining = null;
        heldEvaluation = null;
        heldKey = null;
        sink.accept(held);
    }

    /** The observation with its loss kept as a metric of its printed name (an evaluation of the training split). */
    private static Observation demoted(final Observation observation, final String key) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(key, observation.loss());
        observation.metrics().forEach(metrics::putIfAbsent);
        return new Observation(observation.time(), observation.step(), observation.epoch(), null,
                observation.learningRate(), observation.samplesPerSecond(), observation.samples(), metrics);
    }

    @Override
    public String toString() {
        return "auto reader (batch size " + batchSize() + ", epoch " + epoch + ", step " + step + ")"
                + (table == null ? "" : " table " + String.join("|", table.names()).toLowerCase(Locale.ROOT));
    }
}
