package io.jenkins.plugins.gputraining.stubs;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Signatures in one canonical text form, so that the real ones (parsed from real-signatures.txt) and the stubs' (read
 * from their class files) compare as strings: fully qualified type names (nested types as {@code Outer.Inner}),
 * modifiers in a fixed order with the implicit ones written out, only the annotations that are checked, sorted.
 */
final class Signature {
    /** The modifiers that are compared, in the order they are written. */
    static final List<String> MODIFIERS = List.of("public", "protected", "private", "abstract", "static", "final",
            "default");

    private static final Set<String> META_ANNOTATIONS = Set.of("java.lang.annotation.Retention",
            "java.lang.annotation.Target", "java.lang.annotation.Documented", "java.lang.annotation.Inherited",
            "org.jvnet.hudson.annotation_indexer.Indexed", "net.java.sezpoz.Indexable");

    private Signature() {
    }

    /** A type's declaration; its supertypes are compared apart, since a stub may leave some out. */
    record Type(String name, String kind, String modifiers, String typeParameters, String superclass,
                List<String> interfaces, List<String> annotations) {
        String declaration() {
            return join(String.join(" ", annotations), modifiers, kind, name + typeParameters);
        }
    }

    /** A constructor, method, field or enum constant; {@code text} is the whole canonical signature. */
    record Member(String name, String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** A parameter of a method or constructor. */
    record Parameter(List<String> annotations, String type, String name) {
    }

    /**
     * Whether an annotation is compared: nullness (SpotBugs' and JSR 305's, whose CLASS retention the plugin's
     * SpotBugs run reads), {@code @Deprecated}, and on annotation types the meta-annotations that make them work.
     */
    static boolean isChecked(final String annotationType, final boolean onType) {
        if (annotationType.equals("java.lang.Deprecated")) {
            return true;
        }
        if (annotationType.startsWith("edu.umd.cs.findbugs.annotations.")) {
            return !annotationType.endsWith(".SuppressFBWarnings") && !annotationType.endsWith(".SuppressWarnings");
        }
        if (annotationType.startsWith("javax.annotation.")) {
            return !annotationType.substring("javax.annotation.".length()).contains(".");
        }
        return onType && META_ANNOTATIONS.contains(annotationType);
    }

    /** {@code @type} or {@code @type(name=value, …)}, the elements sorted by name. */
    static String annotation(final String type, final Map<String, String> values) {
        if (values.isEmpty()) {
            return "@" + type;
        }
        return "@" + type + new TreeMap<>(values).entrySet().stream()
                .map(value -> value.getKey() + "=" + value.getValue())
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /** An annotation value: numbers without trailing zeros, enum constants by name, one-element arrays unwrapped. */
    static String value(final Object value) {
        if (value instanceof String string) {
            return "\"" + string + "\"";
        }
        if (value instanceof Number number) {
            return number(number.toString());
        }
        if (value instanceof List<?> list) {
            if (list.size() == 1) {
                return value(list.get(0));
            }
            return list.stream().map(Signature::value).sorted().collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(value);
    }

    static String number(final String literal) {
        String digits = literal.replaceAll("[lLdDfF]$", "");
        return new BigDecimal(digits).stripTrailingZeros().toPlainString();
    }

    static String modifiers(final Set<String> modifiers) {
        return MODIFIERS.stream().filter(modifiers::contains).collect(Collectors.joining(" "));
    }

    static Member constructor(final String simpleName, final String modifiers, final List<String> annotations,
                              final String typeParameters, final List<Parameter> parameters, final boolean varargs,
                              final List<String> exceptions) {
        return new Member(simpleName, join(String.join(" ", sorted(annotations)), modifiers, typeParameters,
                simpleName + parameters(parameters, varargs)) + exceptions(exceptions));
    }

    static Member method(final String name, final String modifiers, final List<String> annotations,
                         final String typeParameters, final String returnType, final List<Parameter> parameters,
                         final boolean varargs, final List<String> exceptions, final String defaultValue) {
        return new Member(name, join(String.join(" ", sorted(annotations)), modifiers, typeParameters, returnType,
                name + parameters(parameters, varargs)) + exceptions(exceptions)
                + (defaultValue == null ? "" : " default " + defaultValue));
    }

    static Member field(final String name, final String modifiers, final List<String> annotations,
                        final String type) {
        return new Member(name, join(String.join(" ", sorted(annotations)), modifiers, type, name));
    }

    static Member enumConstant(final String name) {
        return new Member(name, "enum constant " + name);
    }

    static List<String> sorted(final List<String> values) {
        return values.stream().sorted().toList();
    }

    private static String parameters(final List<Parameter> parameters, final boolean varargs) {
        List<String> rendered = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i);
            String type = parameter.type();
            if (varargs && i == parameters.size() - 1) {
                type = type.substring(0, type.length() - 2) + "...";
            }
            rendered.add(join(String.join(" ", sorted(parameter.annotations())), type, parameter.name()));
        }
        return "(" + String.join(", ", rendered) + ")";
    }

    private static String exceptions(final List<String> exceptions) {
        return exceptions.isEmpty() ? "" : " throws " + String.join(", ", sorted(exceptions));
    }

    static String join(final String... parts) {
        StringBuilder text = new StringBuilder();
        for (String part : parts) {
            if (part != null && !part.isEmpty()) {
                if (text.length() > 0) {
                    text.append(' ');
                }
                text.append(part);
            }
        }
        return text.toString();
    }
}
