package io.jenkins.plugins.gputraining.model.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever point a writer crashed at, a reader gets a prefix of what was written, without an exception. */
class TruncationPropertiesTest {
    @Property(tries = 300)
    void anyTruncationOfAValidFileReadsAsAPrefix(@ForAll("records") @Size(max = 30) List<MetricRecord> records,
                                                 @ForAll @IntRange(min = 0, max = 100_000) int cut) throws IOException {
        byte[] file = write(records);
        int length = file.length == 0 ? 0 : cut % (file.length + 1);
        byte[] truncated = java.util.Arrays.copyOf(file, length);

        List<MetricRecord> read = new ArrayList<>();
        ReadResult result = new JsonLinesReader<>(MetricRecord::parse)
                .read(new ByteArrayInputStream(truncated), "metrics.jsonl", read::add);

        assertThat(result.problemCount()).isZero();
        assertThat(read.size()).isLessThanOrEqualTo(records.size());
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i).step()).isEqualTo(records.get(i).step());
            assertThat(read.get(i).loss()).isEqualTo(records.get(i).loss());
        }
        boolean endsOnLineBoundary = length == 0 || truncated[length - 1] == '\n';
        if (endsOnLineBoundary) {
            assertThat(result.truncatedTail()).isFalse();
        }
    }

    @Provide
    Arbitrary<List<MetricRecord>> records() {
        Arbitrary<Double> loss = Arbitraries.oneOf(Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, 0.0));
        Arbitrary<String> note = Arbitraries.strings().withCharRange(' ', '\u00ff').ofMaxLength(12);
        return Combinators.combine(Arbitraries.longs().between(0, 1_000_000), loss, note)
                .as((step, value, text) -> new MetricRecord(1000.0 + step, step, null, value, null, null, null,
                        text.isEmpty() ? Map.of() : Map.of("note", new com.fasterxml.jackson.databind.node.TextNode(text))))
                .list();
    }

    private static byte[] write(final List<MetricRecord> records) throws IOException {
        Path dir = Files.createTempDirectory("truncation");
        try {
            try (RunWriter writer = RunWriter.open(dir)) {
                for (MetricRecord record : records) {
                    writer.appendMetric(record);
                }
            }
            return Files.readAllBytes(dir.resolve("metrics.jsonl"));
        }
        finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

}
