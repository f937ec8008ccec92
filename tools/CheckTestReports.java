import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Fails the build when a test class was compiled but never run: every class of target/test-classes that declares
 * JUnit, jqwik or ArchUnit tests must have a surefire or failsafe report (docs/architecture.md, "Tests"). Run by the
 * build as a single-file program, {@code java tools/CheckTestReports.java <module>/target}, so it needs nothing but
 * the JDK. Further arguments are the {@code test} and {@code it.test} selections: when one is set, nothing is
 * checked.
 */
public final class CheckTestReports {
    /** Annotation descriptors that make a class hold tests. */
    private static final Set<String> TEST_ANNOTATIONS = Set.of(
            "Lorg/junit/jupiter/api/Test;", "Lorg/junit/jupiter/params/ParameterizedTest;",
            "Lorg/junit/jupiter/api/RepeatedTest;", "Lorg/junit/jupiter/api/TestFactory;",
            "Lorg/junit/jupiter/api/TestTemplate;", "Lnet/jqwik/api/Property;", "Lnet/jqwik/api/Example;",
            "Lcom/tngtech/archunit/junit/ArchTest;");
    private static final int ACC_ABSTRACT = 0x0400;
    private static final int ACC_INTERFACE = 0x0200;

    private CheckTestReports() {
    }

    public static void main(final String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "target");
        for (int i = 1; i < args.length; i++) {
            // -Dtest or -Dit.test chose some tests: the others were left out on purpose.
            if (!args[i].isBlank() && !args[i].startsWith("${")) {
                System.out.println("[INFO] a test selection is active (" + args[i] + "): not checked");
                return;
            }
        }
        Path classes = target.resolve("test-classes");
        if (!Files.isDirectory(classes)) {
            return;
        }
        Set<String> testClasses = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                ClassFile parsed = ClassFile.read(file);
                if (parsed.declaresTests() && (parsed.accessFlags() & (ACC_ABSTRACT | ACC_INTERFACE)) == 0) {
                    String name = classes.relativize(file).toString().replace('\\', '/').replace(".class", "")
                            .replace('/', '.');
                    testClasses.add(name.contains("$") ? name.substring(0, name.indexOf('$')) : name);
                }
            }
        }
        List<String> neverRun = new ArrayList<>();
        for (String name : testClasses) {
            String report = "TEST-" + name + ".xml";
            if (!Files.isRegularFile(target.resolve("surefire-reports").resolve(report))
                    && !Files.isRegularFile(target.resolve("failsafe-reports").resolve(report))) {
                neverRun.add(name);
            }
        }
        if (!neverRun.isEmpty()) {
            System.err.println("[ERROR] " + neverRun.size() + " test class(es) compiled but never run (no surefire or "
                    + "failsafe report in " + target + "): " + String.join(", ", neverRun));
            System.err.println("[ERROR] Name unit tests *Test and integration tests (JVMs, browsers) *IT; see "
                    + "docs/architecture.md, \"Tests\".");
            System.exit(1);
        }
        System.out.println("[INFO] every test class ran: " + testClasses.size() + " in " + target);
    }

    /** What this check needs of a class file: its access flags and whether its constant pool names a test. */
    private record ClassFile(int accessFlags, boolean declaresTests) {
        static ClassFile read(final Path file) throws IOException {
            try (InputStream stream = Files.newInputStream(file);
                 DataInputStream in = new DataInputStream(stream)) {
                if (in.readInt() != 0xCAFEBABE) {
                    throw new IOException(file + " is not a class file");
                }
                in.readUnsignedShort();
                in.readUnsignedShort();
                int count = in.readUnsignedShort();
                boolean tests = false;
                for (int index = 1; index < count; index++) {
                    int tag = in.readUnsignedByte();
                    switch (tag) {
                        case 1 -> tests |= TEST_ANNOTATIONS.contains(in.readUTF());
                        case 3, 4 -> in.readInt();
                        case 5, 6 -> {
                            in.readLong();
                            index++;
                        }
                        case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                        case 9, 10, 11, 12, 17, 18 -> in.readInt();
                        case 15 -> {
                            in.readUnsignedByte();
                            in.readUnsignedShort();
                        }
                        default -> throw new IOException(file + ": unknown constant pool tag " + tag);
                    }
                }
                return new ClassFile(in.readUnsignedShort(), tests);
            }
        }
    }
}
