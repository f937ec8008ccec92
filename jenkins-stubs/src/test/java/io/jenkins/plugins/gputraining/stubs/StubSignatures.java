package io.jenkins.plugins.gputraining.stubs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Reads a compiled stub class with ASM, which sees what the plugin compiles against, including the CLASS-retention
 * annotations (SpotBugs' {@code @CheckForNull}, …) that reflection cannot see. Only public and protected members
 * are read, and none the compiler generated (bridges, lambdas, an enum's values() and valueOf).
 */
final class StubSignatures {
    private static final int API = Opcodes.ASM9;

    /** A stub type: its declaration and its public and protected members. */
    record Stub(Signature.Type declaration, List<Signature.Member> members, boolean visible) {
    }

    private StubSignatures() {
    }

    static Stub read(final byte[] classFile) {
        Reader reader = new Reader();
        new ClassReader(classFile).accept(reader, ClassReader.SKIP_CODE | ClassReader.SKIP_FRAMES);
        return reader.result();
    }

    /** The canonical name of an internal name: hudson/Launcher$ProcStarter is hudson.Launcher.ProcStarter. */
    static String canonical(final String internalName) {
        return internalName.replace('/', '.').replace('$', '.');
    }

    private static final class Reader extends ClassVisitor {
        private String internalName;
        private int access;
        private boolean innerClass;
        private String signature;
        private String superName;
        private String[] interfaces;
        private final List<String> annotations = new ArrayList<>();
        private final List<Runnable> members = new ArrayList<>();
        private final List<Signature.Member> result = new ArrayList<>();

        Reader() {
            super(API);
        }

        @Override
        public void visit(final int version, final int access, final String name, final String signature,
                          final String superName, final String[] interfaces) {
            this.internalName = name;
            this.access = access;
            this.signature = signature;
            this.superName = superName;
            this.interfaces = interfaces;
        }

        @Override
        public void visitInnerClass(final String name, final String outerName, final String innerName,
                                    final int access) {
            if (name.equals(internalName)) {
                this.access = access | (this.access & (Opcodes.ACC_INTERFACE | Opcodes.ACC_ANNOTATION
                        | Opcodes.ACC_ENUM));
                this.innerClass = outerName != null && (access & Opcodes.ACC_STATIC) == 0;
            }
        }

        @Override
        public AnnotationVisitor visitAnnotation(final String descriptor, final boolean visible) {
            return annotation(descriptor, annotations, true);
        }

        @Override
        public FieldVisitor visitField(final int access, final String name, final String descriptor,
                                       final String signature, final Object value) {
            if (!visible(access) || (access & Opcodes.ACC_SYNTHETIC) != 0) {
                return null;
            }
            List<String> fieldAnnotations = new ArrayList<>();
            members.add(() -> result.add((access & Opcodes.ACC_ENUM) != 0 ? Signature.enumConstant(name)
                    : Signature.field(name, modifiers(access, false), fieldAnnotations,
                    new JvmSignature(signature != null ? signature : descriptor).type())));
            return new FieldVisitor(API) {
                @Override
                public AnnotationVisitor visitAnnotation(final String annotation, final boolean visible) {
                    return StubSignatures.annotation(annotation, fieldAnnotations, false);
                }
            };
        }

        @Override
        public MethodVisitor visitMethod(final int access, final String name, final String descriptor,
                                         final String signature, final String[] exceptions) {
            if (!visible(access) || (access & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE)) != 0
                    || name.equals("<clinit>") || isEnumMethod(access, name, descriptor)) {
                return null;
            }
            List<String> methodAnnotations = new ArrayList<>();
            List<String> names = new ArrayList<>();
            Map<Integer, List<String>> parameterAnnotations = new LinkedHashMap<>();
            String[] defaultValue = new String[1];
            members.add(() -> result.add(method(access, name, descriptor, signature, exceptions, methodAnnotations,
                    names, parameterAnnotations, defaultValue[0])));
            return new MethodVisitor(API) {
                @Override
                public void visitParameter(final String parameter, final int parameterAccess) {
                    if ((parameterAccess & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_MANDATED)) == 0) {
                        names.add(parameter);
                    }
                }

                @Override
                public AnnotationVisitor visitAnnotation(final String annotation, final boolean visible) {
                    return StubSignatures.annotation(annotation, methodAnnotations, false);
                }

                @Override
                public AnnotationVisitor visitParameterAnnotation(final int parameter, final String annotation,
                                                                  final boolean visible) {
                    return StubSignatures.annotation(annotation,
                            parameterAnnotations.computeIfAbsent(parameter, key -> new ArrayList<>()), false);
                }

                @Override
                public AnnotationVisitor visitAnnotationDefault() {
                    return new ValueCollector(values -> defaultValue[0] = values.get("value"));
                }
            };
        }

        private Signature.Member method(final int methodAccess, final String name, final String descriptor,
                                        final String signature, final String[] exceptions,
                                        final List<String> methodAnnotations, final List<String> names,
                                        final Map<Integer, List<String>> parameterAnnotations,
                                        final String defaultValue) {
            JvmSignature parsed = new JvmSignature(signature != null ? signature : descriptor);
            String typeParameters = parsed.typeParameters();
            List<String> types = parsed.parameters();
            if (signature == null && name.equals("<init>") && innerClass && !types.isEmpty()) {
                types.remove(0); // the enclosing instance
            }
            String returnType = parsed.type();
            List<String> thrown = parsed.exceptions();
            if (thrown.isEmpty() && exceptions != null) {
                for (String exception : exceptions) {
                    thrown.add(canonical(exception));
                }
            }
            List<Signature.Parameter> parameters = new ArrayList<>();
            for (int i = 0; i < types.size(); i++) {
                parameters.add(new Signature.Parameter(parameterAnnotations.getOrDefault(i, List.of()),
                        types.get(i), i < names.size() ? names.get(i) : "arg" + i));
            }
            boolean varargs = (methodAccess & Opcodes.ACC_VARARGS) != 0;
            String modifiers = modifiers(methodAccess, isInterface());
            if (name.equals("<init>")) {
                String simpleName = internalName.substring(Math.max(internalName.lastIndexOf('/'),
                        internalName.lastIndexOf('$')) + 1);
                return Signature.constructor(simpleName, modifiers, methodAnnotations, typeParameters, parameters,
                        varargs, thrown);
            }
            return Signature.method(name, modifiers, methodAnnotations, typeParameters, returnType, parameters,
                    varargs, thrown, defaultValue);
        }

        private boolean isInterface() {
            return (access & Opcodes.ACC_INTERFACE) != 0;
        }

        /** The implicit values() and valueOf(String) of an enum. */
        private boolean isEnumMethod(final int methodAccess, final String name, final String descriptor) {
            if ((access & Opcodes.ACC_ENUM) == 0 || (methodAccess & Opcodes.ACC_STATIC) == 0) {
                return false;
            }
            String self = "L" + internalName + ";";
            return name.equals("values") && descriptor.equals("()[" + self)
                    || name.equals("valueOf") && descriptor.equals("(Ljava/lang/String;)" + self);
        }

        Stub result() {
            members.forEach(Runnable::run);
            String kind;
            Set<String> modifiers = new HashSet<>(List.of(modifiers(access, false).split(" ")));
            if ((access & Opcodes.ACC_ANNOTATION) != 0) {
                kind = "@interface";
            } else if ((access & Opcodes.ACC_INTERFACE) != 0) {
                kind = "interface";
            } else if ((access & Opcodes.ACC_ENUM) != 0) {
                kind = "enum";
            } else {
                kind = "class";
            }
            if (!kind.equals("class")) {
                modifiers.remove("abstract");
                modifiers.remove("static");
            }
            if (kind.equals("enum")) {
                modifiers.remove("final");
            }
            String superclass;
            List<String> supertypes = new ArrayList<>();
            String typeParameters = "";
            if (signature != null) {
                JvmSignature parsed = new JvmSignature(signature);
                typeParameters = parsed.typeParameters();
                superclass = parsed.type();
                while (!parsed.atEnd()) {
                    supertypes.add(parsed.type());
                }
            } else {
                superclass = canonical(superName);
                for (String name : interfaces) {
                    supertypes.add(canonical(name));
                }
            }
            if (kind.equals("@interface")) {
                supertypes.remove("java.lang.annotation.Annotation");
            }
            if (kind.equals("enum") || kind.equals("interface") || kind.equals("@interface")) {
                superclass = "java.lang.Object";
            }
            Signature.Type declaration = new Signature.Type(canonical(internalName), kind,
                    Signature.modifiers(modifiers), typeParameters, superclass, List.copyOf(supertypes),
                    Signature.sorted(annotations));
            return new Stub(declaration, List.copyOf(result), visible(access));
        }
    }

    private static boolean visible(final int access) {
        return (access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) != 0;
    }

    private static String modifiers(final int access, final boolean inInterface) {
        Set<String> modifiers = new HashSet<>();
        if ((access & Opcodes.ACC_PUBLIC) != 0) {
            modifiers.add("public");
        }
        if ((access & Opcodes.ACC_PROTECTED) != 0) {
            modifiers.add("protected");
        }
        if ((access & Opcodes.ACC_PRIVATE) != 0) {
            modifiers.add("private");
        }
        if ((access & Opcodes.ACC_ABSTRACT) != 0) {
            modifiers.add("abstract");
        }
        if ((access & Opcodes.ACC_STATIC) != 0) {
            modifiers.add("static");
        }
        if ((access & Opcodes.ACC_FINAL) != 0) {
            modifiers.add("final");
        }
        if (inInterface && (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) == 0) {
            modifiers.add("default");
        }
        return Signature.modifiers(modifiers);
    }

    /** Collects a checked annotation's canonical text into {@code into}; other annotations are not read. */
    private static AnnotationVisitor annotation(final String descriptor, final List<String> into,
                                                final boolean onType) {
        String type = canonical(Type.getType(descriptor).getInternalName());
        if (!Signature.isChecked(type, onType)) {
            return null;
        }
        return new ValueCollector(values -> into.add(Signature.annotation(type, values)));
    }

    /** Collects an annotation's element values (or an annotation default, as "value") in canonical text. */
    private static final class ValueCollector extends AnnotationVisitor {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final java.util.function.Consumer<Map<String, String>> done;

        ValueCollector(final java.util.function.Consumer<Map<String, String>> done) {
            super(API);
            this.done = done;
        }

        @Override
        public void visit(final String name, final Object value) {
            values.put(key(name), render(value));
        }

        @Override
        public void visitEnum(final String name, final String descriptor, final String value) {
            values.put(key(name), value);
        }

        @Override
        public AnnotationVisitor visitArray(final String name) {
            List<Object> elements = new ArrayList<>();
            return new AnnotationVisitor(API) {
                @Override
                public void visit(final String unused, final Object value) {
                    elements.add(new Rendered(render(value)));
                }

                @Override
                public void visitEnum(final String unused, final String descriptor, final String value) {
                    elements.add(new Rendered(value));
                }

                @Override
                public void visitEnd() {
                    values.put(key(name), Signature.value(elements));
                }
            };
        }

        @Override
        public void visitEnd() {
            done.accept(values);
        }

        private static String key(final String name) {
            return name == null ? "value" : name;
        }

        private static String render(final Object value) {
            if (value instanceof Type type) {
                return canonical(type.getInternalName()) + ".class";
            }
            return Signature.value(value);
        }

        private record Rendered(String text) {
            @Override
            public String toString() {
                return text;
            }
        }
    }

    /**
     * A JVM signature or descriptor (JVMS 4.7.9.1) read into Java source text: type parameters with their bounds
     * (an Object bound left out), parameter types, the return or field type, and thrown types.
     */
    private static final class JvmSignature {
        private final String text;
        private int next;

        JvmSignature(final String text) {
            this.text = text;
        }

        boolean atEnd() {
            return next >= text.length();
        }

        String typeParameters() {
            if (atEnd() || text.charAt(next) != '<') {
                return "";
            }
            next++;
            List<String> parameters = new ArrayList<>();
            while (text.charAt(next) != '>') {
                int colon = text.indexOf(':', next);
                String name = text.substring(next, colon);
                next = colon;
                List<String> bounds = new ArrayList<>();
                while (text.charAt(next) == ':') {
                    next++;
                    if (text.charAt(next) != ':') {
                        bounds.add(type());
                    }
                }
                bounds.remove("java.lang.Object");
                parameters.add(bounds.isEmpty() ? name : name + " extends " + String.join(" & ", bounds));
            }
            next++;
            return "<" + String.join(", ", parameters) + ">";
        }

        /** The parameter types of a method signature, leaving the position at its return type. */
        List<String> parameters() {
            List<String> types = new ArrayList<>();
            if (text.charAt(next) != '(') {
                return types;
            }
            next++;
            while (text.charAt(next) != ')') {
                types.add(type());
            }
            next++;
            return types;
        }

        List<String> exceptions() {
            List<String> types = new ArrayList<>();
            while (!atEnd() && text.charAt(next) == '^') {
                next++;
                types.add(type());
            }
            return types;
        }

        String type() {
            char c = text.charAt(next++);
            switch (c) {
                case 'V': return "void";
                case 'Z': return "boolean";
                case 'B': return "byte";
                case 'C': return "char";
                case 'S': return "short";
                case 'I': return "int";
                case 'J': return "long";
                case 'F': return "float";
                case 'D': return "double";
                case '[': return type() + "[]";
                case 'T': {
                    int end = text.indexOf(';', next);
                    String name = text.substring(next, end);
                    next = end + 1;
                    return name;
                }
                case 'L': return classType();
                default: throw new IllegalArgumentException("bad signature " + text + " at " + (next - 1));
            }
        }

        private String classType() {
            StringBuilder type = new StringBuilder();
            while (true) {
                int start = next;
                while (";<.".indexOf(text.charAt(next)) < 0) {
                    next++;
                }
                type.append(canonical(text.substring(start, next)));
                if (text.charAt(next) == '<') {
                    next++;
                    List<String> arguments = new ArrayList<>();
                    while (text.charAt(next) != '>') {
                        char wildcard = text.charAt(next);
                        if (wildcard == '*') {
                            next++;
                            arguments.add("?");
                        } else if (wildcard == '+') {
                            next++;
                            arguments.add("? extends " + type());
                        } else if (wildcard == '-') {
                            next++;
                            arguments.add("? super " + type());
                        } else {
                            arguments.add(type());
                        }
                    }
                    next++;
                    type.append('<').append(String.join(", ", arguments)).append('>');
                }
                if (text.charAt(next) == '.') {
                    next++;
                    type.append('.');
                    continue;
                }
                next++; // ';'
                return type.toString();
            }
        }
    }
}
