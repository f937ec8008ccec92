package io.jenkins.plugins.gputraining.stubs;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.FilePath;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * No stub method or constructor the plugin can call looks like an "unconditional thrower" to SpotBugs: a body with
 * a throw and no return. SpotBugs cuts the normal exit of every call to such a method out of the plugin's control
 * flow, so the code after the call is dead to it: its findings there are lost, and conditions that lead to it are
 * reported as useless. So bodies return through the file's private {@code stub()}, which throws.
 */
class StubBodiesTest {
    @Test
    void callableStubMethodsReturnAsFarAsSpotBugsSees() throws IOException, URISyntaxException {
        Path classes = Path.of(FilePath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(file -> file.toString().endsWith(".class")).toList();
        }
        List<String> throwers = new ArrayList<>();
        for (Path file : files) {
            new ClassReader(Files.readAllBytes(file)).accept(new ClassVisitor(Opcodes.ASM9) {
                private String owner;

                @Override
                public void visit(final int version, final int access, final String name, final String signature,
                                  final String superName, final String[] interfaces) {
                    owner = name;
                }

                @Override
                public MethodVisitor visitMethod(final int access, final String name, final String descriptor,
                                                 final String signature, final String[] exceptions) {
                    if ((access & Opcodes.ACC_PRIVATE) != 0 && name.equals("stub")) {
                        return null;
                    }
                    return new MethodVisitor(Opcodes.ASM9) {
                        private boolean sawThrow;
                        private boolean sawReturn;

                        @Override
                        public void visitInsn(final int opcode) {
                            sawThrow |= opcode == Opcodes.ATHROW;
                            sawReturn |= opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN;
                        }

                        @Override
                        public void visitEnd() {
                            if (sawThrow && !sawReturn) {
                                throwers.add(owner + "." + name + descriptor);
                            }
                        }
                    };
                }
            }, ClassReader.SKIP_FRAMES);
        }
        assertThat(files).hasSizeGreaterThan(50);
        assertThat(throwers).as("methods whose body only throws: write return stub(); or stub();").isEmpty();
    }
}
