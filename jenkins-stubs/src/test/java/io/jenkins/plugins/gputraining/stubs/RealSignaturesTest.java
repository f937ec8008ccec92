package io.jenkins.plugins.gputraining.stubs;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.FilePath;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The compiled stubs declare the real signatures, nullness annotations included: every public or protected type and
 * member they declare is recorded in real-signatures.txt with the same signature, and every recorded one is stubbed.
 */
class RealSignaturesTest {
    private static final Pattern HEADER = Pattern.compile("^// Mirrors ([\\w.$]+) from ([\\w.-]+:[\\w.-]+) (\\S+)");

    private static RealSignatures real;
    private static Path classes;
    /** The public stub types by binary name. */
    private static final Map<String, StubSignatures.Stub> STUBS = new TreeMap<>();

    @BeforeAll
    static void load() throws IOException, URISyntaxException {
        real = RealSignatures.load("/real-signatures.txt");
        classes = Path.of(FilePath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(file -> file.toString().endsWith(".class")).toList();
        }
        for (Path file : files) {
            String binaryName = classes.relativize(file).toString().replace('\\', '/').replace(".class", "")
                    .replace('/', '.');
            StubSignatures.Stub stub = StubSignatures.read(Files.readAllBytes(file));
            if (stub.visible()) {
                STUBS.put(binaryName, stub);
            }
        }
    }

    @Test
    void everyStubTypeIsRecordedAndEveryRecordedTypeIsStubbed() {
        assertThat(STUBS).hasSizeGreaterThan(50);
        assertThat(real.types.keySet()).containsExactlyInAnyOrderElementsOf(STUBS.keySet());
    }

    @Test
    void eachStubDeclaresItsTypeAsTheRealSourceDoes() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, StubSignatures.Stub> stub : STUBS.entrySet()) {
            RealSignatures.Type recorded = real.types.get(stub.getKey());
            if (recorded != null) {
                problems.addAll(declarationProblems(recorded, stub.getValue()));
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void everyPublicOrProtectedStubMemberHasItsRealSignature() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, StubSignatures.Stub> stub : STUBS.entrySet()) {
            RealSignatures.Type recorded = real.types.get(stub.getKey());
            if (recorded != null) {
                problems.addAll(unrecordedMembers(recorded, stub.getValue()));
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void everyRecordedMemberIsStubbed() {
        List<String> problems = new ArrayList<>();
        for (RealSignatures.Type recorded : real.types.values()) {
            StubSignatures.Stub stub = STUBS.get(recorded.name());
            if (stub != null) {
                Set<String> declared = texts(stub.members());
                for (Signature.Member member : recorded.members()) {
                    if (!declared.contains(member.text())) {
                        problems.add(recorded.name() + ": the real " + member + " is recorded, not stubbed");
                    }
                }
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void eachTypeIsRecordedFromTheVersionItsStubMirrors() throws IOException {
        Path sources = Path.of("src/main/java");
        for (RealSignatures.Type recorded : real.types.values()) {
            String topLevel = recorded.name().replaceAll("\\$.*", "");
            Path stub = sources.resolve(topLevel.replace('.', '/') + ".java");
            Matcher header = HEADER.matcher(Files.readString(stub, StandardCharsets.UTF_8));
            assertThat(header.find()).as(stub + " names what it mirrors").isTrue();
            RealSignatures.Source source = recorded.source();
            assertThat(header.group(2) + " " + header.group(3)).as(recorded.name())
                    .isEqualTo(source.artifact() + " " + source.version());
            assertThat(recorded.path()).as(recorded.name()).endsWith(topLevel.replace('.', '/') + ".java");
            assertThat(source.commit()).as(source.id()).matches("[0-9a-f]{40}");
        }
    }

    @Test
    void theNullnessAnnotationsThePluginRunsIntoAreThere() {
        assertThat(texts(STUBS.get("hudson.FilePath").members()))
                .contains("@edu.umd.cs.findbugs.annotations.CheckForNull public hudson.FilePath getParent()");
        assertThat(texts(STUBS.get("hudson.model.Run").members())).contains(
                "@edu.umd.cs.findbugs.annotations.CheckForNull public hudson.model.Result getResult()",
                "@edu.umd.cs.findbugs.annotations.CheckForNull public RunT getPreviousBuild()");
        assertThat(texts(STUBS.get("hudson.model.Computer").members()))
                .contains("@edu.umd.cs.findbugs.annotations.CheckForNull public hudson.model.Node getNode()");
        assertThat(texts(STUBS.get("jenkins.model.Jenkins").members())).contains(
                "@edu.umd.cs.findbugs.annotations.NonNull public static jenkins.model.Jenkins get()"
                        + " throws java.lang.IllegalStateException");
    }

    /** The check fails when a stub loses an annotation: FilePath.getParent() without its @CheckForNull. */
    @Test
    void aStubWithoutItsRealNullnessAnnotationFails() throws IOException {
        byte[] original = Files.readAllBytes(classes.resolve("hudson/FilePath.class"));
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(original).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(final int access, final String name, final String descriptor,
                                             final String signature, final String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!name.equals("getParent")) {
                    return method;
                }
                return new MethodVisitor(Opcodes.ASM9, method) {
                    @Override
                    public AnnotationVisitor visitAnnotation(final String annotation, final boolean visible) {
                        return annotation.contains("CheckForNull") ? null : super.visitAnnotation(annotation, visible);
                    }
                };
            }
        }, 0);
        StubSignatures.Stub withoutAnnotation = StubSignatures.read(writer.toByteArray());

        assertThat(unrecordedMembers(real.types.get("hudson.FilePath"), withoutAnnotation)).singleElement()
                .asString().contains("public hudson.FilePath getParent()")
                .contains("@edu.umd.cs.findbugs.annotations.CheckForNull public hudson.FilePath getParent()");
        assertThat(unrecordedMembers(real.types.get("hudson.FilePath"), STUBS.get("hudson.FilePath"))).isEmpty();
    }

    @Test
    void theListParsesTheRealSourceSyntax() {
        RealSignatures list = RealSignatures.parse("""
                source s g:a:1 o/r t 0123456789012345678901234567890123456789
                import edu.umd.cs.findbugs.annotations.NonNull
                import java.util.Map
                type a.B s src/a/B.java
                    @Deprecated public abstract class B<T extends Comparable<T>> implements Map<String, T> {
                    public @NonNull <V> Map<String, ? super V> put(final @NonNull String key, V... values) throws Exception {
                    protected B() // implicit
                    public static final int N = 1;
                """);
        RealSignatures.Type type = list.types.get("a.B");
        assertThat(type.declaration().declaration())
                .isEqualTo("@java.lang.Deprecated public abstract class a.B<T extends java.lang.Comparable<T>>");
        assertThat(type.declaration().interfaces()).containsExactly("java.util.Map<java.lang.String, T>");
        assertThat(texts(type.members())).containsExactly(
                "@edu.umd.cs.findbugs.annotations.NonNull public <V> java.util.Map<java.lang.String, ? super V>"
                        + " put(@edu.umd.cs.findbugs.annotations.NonNull java.lang.String key, V... values)"
                        + " throws java.lang.Exception",
                "protected B()",
                "public static final int N");
    }

    /** The declaration: kind, modifiers, type parameters and checked annotations as the real one; supertypes a subset. */
    private static List<String> declarationProblems(final RealSignatures.Type recorded,
                                                    final StubSignatures.Stub stub) {
        List<String> problems = new ArrayList<>();
        Signature.Type realType = recorded.declaration();
        Signature.Type stubType = stub.declaration();
        if (!realType.declaration().equals(stubType.declaration())) {
            problems.add(recorded.name() + ": the stub declares " + stubType.declaration() + ", the real source "
                    + realType.declaration());
        }
        if (!stubType.superclass().equals("java.lang.Object")
                && !stubType.superclass().equals(realType.superclass())) {
            problems.add(recorded.name() + ": the stub extends " + stubType.superclass() + ", the real class "
                    + realType.superclass());
        }
        for (String supertype : stubType.interfaces()) {
            if (!realType.interfaces().contains(supertype)) {
                problems.add(recorded.name() + ": the stub implements " + supertype + ", which the real type does"
                        + " not declare (it declares " + realType.interfaces() + ")");
            }
        }
        return problems;
    }

    /** The stub's members that are not recorded with the same signature, with the recorded ones of that name. */
    private static List<String> unrecordedMembers(final RealSignatures.Type recorded,
                                                  final StubSignatures.Stub stub) {
        List<String> problems = new ArrayList<>();
        Set<String> real = texts(recorded.members());
        for (Signature.Member member : stub.members()) {
            if (!real.contains(member.text())) {
                String sameName = recorded.members().stream().filter(other -> other.name().equals(member.name()))
                        .map(Signature.Member::text).collect(Collectors.joining(" | "));
                problems.add(recorded.name() + ": the stub declares " + member + (sameName.isEmpty()
                        ? ", which is not recorded" : ", the real source has " + sameName));
            }
        }
        return problems;
    }

    private static Set<String> texts(final List<Signature.Member> members) {
        return members.stream().map(Signature.Member::text).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
