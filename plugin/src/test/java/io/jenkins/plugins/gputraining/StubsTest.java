package io.jenkins.plugins.gputraining;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every file of jenkins-stubs names the class and version it mirrors, in its real package, one type per file. */
class StubsTest {
    private static final Path STUBS = Path.of("../jenkins-stubs/src/main/java");
    private static final Pattern HEADER = Pattern.compile("^// Mirrors ([\\w.$]+) from ([\\w.-]+:[\\w.-]+) (\\S+)");
    /** Exceptions whose constructors are the real ones, and nothing else (jenkins-stubs/README.md). */
    private static final List<String> REAL_BODIES = List.of("hudson.AbortException",
            "org.springframework.security.access.AccessDeniedException", "jenkins.util.BuildListenerAdapter");

    @Test
    void eachStubNamesWhatItMirrors() throws IOException {
        List<Path> stubs;
        try (Stream<Path> files = Files.walk(STUBS)) {
            stubs = files.filter(file -> file.toString().endsWith(".java")).toList();
        }
        assertThat(stubs).hasSizeGreaterThan(40);
        for (Path stub : stubs) {
            String source = Files.readString(stub, StandardCharsets.UTF_8);
            Matcher header = HEADER.matcher(source);
            assertThat(header.find()).as(stub + " starts with // Mirrors <class> from <artifact> <version>").isTrue();
            String fqcn = STUBS.relativize(stub).toString().replace('\\', '/').replace(".java", "").replace('/', '.');
            assertThat(header.group(1)).as(stub.toString()).isEqualTo(fqcn);
            assertThat(source).as(stub.toString()).contains("package " + fqcn.substring(0, fqcn.lastIndexOf('.'))
                    + ";");
            boolean processor = fqcn.endsWith("AnnotationProcessorImpl");
            boolean hasBody = source.contains("{\n        ") && !source.contains("@interface")
                    && !source.contains("public enum") && !source.contains("public interface");
            if (hasBody && !processor && !REAL_BODIES.contains(fqcn)) {
                assertThat(source).as(stub + ": bodies throw").contains("throw new UnsupportedOperationException(\"stub\")");
            }
        }
    }
}
