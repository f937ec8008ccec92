package io.jenkins.plugins.gputraining.model.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Reading consecutive lines with one parser (the readers' fast path) gives exactly the answers of one parser a line:
 * the same records, problems, counts, truncated tail and offsets, whatever mix of valid, malformed, blank, split and
 * doubled lines a file holds.
 */
class BatchedReadingPropertiesTest {
    private static final List<String> LINES = List.of(
            "{\"time\":1767225601,\"step\":1,\"loss\":2.5,\"samples\":32}",
            "{\"time\":1767225602.5,\"step\":2,\"loss\":NaN,\"samples_per_second\":\"12.5\"}",
            "  {\"time\":1767225603,\"step\":3,\"eval\":{\"acc\":0.5}}  ",
            "{\"time\":1767225604,\"step\":4,\"loss\":1.0}\r",
            "", "   ", "\r",
            "{\"time\":1767225605,\"step\":-5}",
            "{\"time\":1767225606,\"samples_per_second\":-1,\"step\":6}",
            "{\"time\":1767225607,\"step\":1.5}",
            "{\"time\":1767225608,\"step\":18446744073709551616}",
            "{\"time\":1767225609,\"loss\":1,\"loss\":2}",
            "{\"time\":1767225610,\"x\":{\"a\":1,\"a\":2}}",
            "{\"step\":3}",
            "{\"time\":1767225611} {\"time\":1767225612}",
            "{\"time\":1767225613}{\"time\":1767225614}",
            "{\"time\":", "1767225615}",
            "[1, 2]", "42", "null", "garbage", "{{{", "}", "\u0000\u0000",
            "{\"time\":1767225616,\"loss\":true}",
            "{\"time\":1767225617,\"note\":\"a\\nb\"}");

    @Property(tries = 400)
    void oneParserForManyLinesAnswersAsOneParserALine(@ForAll("files") final String file) throws IOException {
        byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
        List<MetricRecord> batchedRecords = new ArrayList<>();
        List<MetricRecord> singleRecords = new ArrayList<>();

        ReadResult batched = new JsonLinesReader<>(MetricRecord::parse, true)
                .read(new ByteArrayInputStream(bytes), "metrics.jsonl", batchedRecords::add);
        ReadResult single = new JsonLinesReader<>(MetricRecord::parse, false)
                .read(new ByteArrayInputStream(bytes), "metrics.jsonl", singleRecords::add);

        assertThat(batched).isEqualTo(single);
        assertThat(batchedRecords).isEqualTo(singleRecords);
    }

    @Provide
    Arbitrary<String> files() {
        return Arbitraries.of(LINES).list().ofMaxSize(40)
                .flatMap(lines -> Arbitraries.of("", "\n").map(end -> String.join("\n", lines) + end));
    }
}
