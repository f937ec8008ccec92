package io.jenkins.plugins.gputraining.stubs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * real-signatures.txt: the real sources, the imports that give its simple names their meaning, and for each mirrored
 * type its real declaration and the real declarations of the members the stub declares, written as Java source.
 * Each declaration is parsed into the canonical form of {@link Signature}.
 */
final class RealSignatures {
    /** A real source tree: the artifact it is released as and where its code is. */
    record Source(String id, String artifact, String version, String repository, String tag, String commit) {
    }

    /** A mirrored type: where its real source is, its real declaration and members. */
    record Type(String name, Source source, String path, Signature.Type declaration, List<Signature.Member> members,
                List<String> lines) {
    }

    final Map<String, Source> sources = new LinkedHashMap<>();
    final Map<String, String> imports = new LinkedHashMap<>();
    final Map<String, Type> types = new LinkedHashMap<>();

    static RealSignatures load(final String resource) throws IOException {
        try (InputStream in = RealSignatures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no resource " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static RealSignatures parse(final String text) {
        RealSignatures list = new RealSignatures();
        String[] header = null;
        List<String> block = new ArrayList<>();
        int number = 0;
        int blockStart = 0;
        for (String line : (text + "\n").split("\n", -1)) {
            number++;
            String trimmed = line.strip();
            boolean member = line.startsWith(" ") && !trimmed.isEmpty();
            // a type's block ends at the first line that is not indented (a blank one, once it has lines)
            if (!member && header != null && (!trimmed.isEmpty() || !block.isEmpty())) {
                list.addType(header, block, blockStart);
                header = null;
                block = new ArrayList<>();
            }
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] words = trimmed.split("\\s+");
            if (member) {
                if (header == null) {
                    throw new IllegalArgumentException("line " + number + ": a declaration outside a type block");
                }
                block.add(trimmed);
            } else if (words[0].equals("source") && words.length == 6) {
                String[] artifact = words[2].split(":");
                list.sources.put(words[1], new Source(words[1], artifact[0] + ":" + artifact[1], artifact[2],
                        words[3], words[4], words[5]));
            } else if (words[0].equals("import") && words.length == 2) {
                String simple = words[1].substring(words[1].lastIndexOf('.') + 1);
                String previous = list.imports.put(simple, words[1]);
                if (previous != null) {
                    throw new IllegalArgumentException("line " + number + ": " + simple + " is imported twice");
                }
            } else if (words[0].equals("type") && words.length == 4) {
                header = words;
                blockStart = number;
            } else {
                throw new IllegalArgumentException("line " + number + ": not a source, import or type line: " + line);
            }
        }
        return list;
    }

    private void addType(final String[] header, final List<String> block, final int line) {
        String name = header[1];
        Source source = sources.get(header[2]);
        if (source == null) {
            throw new IllegalArgumentException("line " + line + ": no source " + header[2]);
        }
        if (block.isEmpty()) {
            throw new IllegalArgumentException("line " + line + ": " + name + " has no declaration");
        }
        try {
            Signature.Type declaration = new Parser(block.get(0), this, name, Set.of(), null).typeDeclaration(name);
            Set<String> typeVariables = new HashSet<>(typeVariableNames(declaration.typeParameters()));
            if (name.contains("$") && !declaration.modifiers().contains("static")
                    && declaration.kind().equals("class")) {
                Type outer = types.get(name.substring(0, name.lastIndexOf('$')));
                if (outer != null) {
                    typeVariables.addAll(typeVariableNames(outer.declaration().typeParameters()));
                }
            }
            List<Signature.Member> members = new ArrayList<>();
            for (String member : block.subList(1, block.size())) {
                members.add(new Parser(member, this, name, typeVariables, declaration).member());
            }
            types.put(name, new Type(name, source, header[3], declaration, members, List.copyOf(block)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("type " + name + " (line " + line + "): " + e.getMessage(), e);
        }
    }

    private static List<String> typeVariableNames(final String typeParameters) {
        List<String> names = new ArrayList<>();
        if (typeParameters.isEmpty()) {
            return names;
        }
        int depth = 0;
        boolean start = true;
        StringBuilder name = new StringBuilder();
        for (char c : typeParameters.substring(1, typeParameters.length() - 1).toCharArray()) {
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                start = true;
                continue;
            }
            if (start) {
                if (Character.isJavaIdentifierPart(c)) {
                    name.append(c);
                } else if (name.length() > 0) {
                    names.add(name.toString());
                    name.setLength(0);
                    start = false;
                }
            }
        }
        if (name.length() > 0) {
            names.add(name.toString());
        }
        return names;
    }

    /** Resolves a simple or qualified type name, as written in the list, to its canonical name. */
    String resolve(final String written) {
        String first = written.contains(".") ? written.substring(0, written.indexOf('.')) : written;
        String rest = written.substring(first.length());
        String imported = imports.get(first);
        if (imported != null) {
            return imported + rest;
        }
        try {
            Class.forName("java.lang." + first, false, RealSignatures.class.getClassLoader());
            return "java.lang." + first + rest;
        } catch (ClassNotFoundException e) {
            // not in java.lang
        }
        if (!rest.isEmpty() && Character.isLowerCase(first.charAt(0))) {
            return written;
        }
        throw new IllegalArgumentException("unknown type name " + written + ": import it");
    }

    /** A recursive-descent parser for one declaration of the list, written as Java source. */
    private static final class Parser {
        private static final Set<String> MODIFIER_WORDS = Set.of("public", "protected", "private", "abstract",
                "static", "final", "default", "synchronized", "native", "strictfp", "transient", "volatile");
        private static final Set<String> PRIMITIVES = Set.of("void", "boolean", "byte", "char", "short", "int",
                "long", "float", "double");

        private final List<String> tokens;
        private final RealSignatures list;
        private final Set<String> typeVariables;
        private final Signature.Type owner;
        /** The simple names of the type the line belongs to and of its enclosing types, which need no import. */
        private final Map<String, String> enclosing = new LinkedHashMap<>();
        private int next;

        Parser(final String line, final RealSignatures list, final String binaryName,
               final Set<String> typeVariables, final Signature.Type owner) {
            this.tokens = tokenize(line);
            this.list = list;
            this.typeVariables = new HashSet<>(typeVariables);
            this.owner = owner;
            String name = binaryName;
            while (true) {
                String canonical = name.replace('$', '.');
                enclosing.put(canonical.substring(canonical.lastIndexOf('.') + 1), canonical);
                if (!name.contains("$")) {
                    break;
                }
                name = name.substring(0, name.lastIndexOf('$'));
            }
        }

        private String resolve(final String written) {
            String first = written.contains(".") ? written.substring(0, written.indexOf('.')) : written;
            String own = enclosing.get(first);
            return own != null ? own + written.substring(first.length()) : list.resolve(written);
        }

        Signature.Type typeDeclaration(final String binaryName) {
            Set<String> modifiers = new HashSet<>();
            List<String> annotations = new ArrayList<>();
            String kind = null;
            while (kind == null) {
                String token = take();
                if (token.equals("@") && peek().equals("interface")) {
                    take();
                    kind = "@interface";
                } else if (token.equals("@")) {
                    addIfChecked(annotations, annotation(), true);
                } else if (MODIFIER_WORDS.contains(token)) {
                    modifiers.add(token);
                } else if (Set.of("class", "interface", "enum").contains(token)) {
                    kind = token;
                } else {
                    throw error("expected a type declaration at " + token);
                }
            }
            String simpleName = take();
            String expected = binaryName.substring(Math.max(binaryName.lastIndexOf('.'), binaryName.lastIndexOf('$'))
                    + 1);
            if (!simpleName.equals(expected)) {
                throw error("declares " + simpleName + ", not " + expected);
            }
            String typeParameters = peek().equals("<") ? typeParameters() : "";
            String superclass = null;
            List<String> interfaces = new ArrayList<>();
            while (!peek().isEmpty() && !peek().equals("{")) {
                String keyword = take();
                List<String> types = new ArrayList<>();
                do {
                    types.add(type());
                } while (accept(","));
                if (keyword.equals("extends") && kind.equals("class")) {
                    superclass = types.get(0);
                } else if (keyword.equals("extends") || keyword.equals("implements")) {
                    interfaces.addAll(types);
                } else {
                    throw error("unexpected " + keyword);
                }
            }
            boolean nested = binaryName.contains("$");
            if (!kind.equals("class")) {
                modifiers.remove("abstract");
                if (nested) {
                    modifiers.remove("static");
                }
            }
            if (kind.equals("enum")) {
                modifiers.remove("final");
            }
            return new Signature.Type(binaryName.replace('$', '.'), kind, Signature.modifiers(modifiers),
                    typeParameters, superclass == null ? "java.lang.Object" : superclass, List.copyOf(interfaces),
                    Signature.sorted(annotations));
        }

        Signature.Member member() {
            Set<String> modifiers = new HashSet<>();
            List<String> annotations = new ArrayList<>();
            String typeParameters = "";
            boolean enumConstantPossible = owner.kind().equals("enum");
            while (true) {
                String token = peek();
                if (token.equals("@")) {
                    take();
                    addIfChecked(annotations, annotation(), false);
                } else if (MODIFIER_WORDS.contains(token)) {
                    modifiers.add(take());
                } else if (token.equals("<")) {
                    typeParameters = typeParameters();
                } else {
                    break;
                }
                enumConstantPossible = false;
            }
            String ownerName = owner.name().substring(owner.name().lastIndexOf('.') + 1);
            if (enumConstantPossible && isIdentifier(peek())
                    && Set.of(",", ";", "").contains(tokens.size() > next + 1 ? tokens.get(next + 1) : "")) {
                return Signature.enumConstant(take());
            }
            if (peek().equals(ownerName) && lookahead(1).equals("(")) {
                take();
                List<Signature.Parameter> parameters = new ArrayList<>();
                boolean varargs = parameters(parameters);
                List<String> exceptions = exceptions();
                return Signature.constructor(ownerName, Signature.modifiers(modifiers), annotations, typeParameters,
                        parameters, varargs, exceptions);
            }
            String type = type();
            String name = take();
            if (!isIdentifier(name)) {
                throw error("expected a member name at " + name);
            }
            boolean inInterface = owner.kind().equals("interface") || owner.kind().equals("@interface");
            if (peek().equals("(")) {
                List<Signature.Parameter> parameters = new ArrayList<>();
                boolean varargs = parameters(parameters);
                List<String> exceptions = exceptions();
                String defaultValue = null;
                if (accept("default")) {
                    defaultValue = value();
                }
                if (inInterface && !modifiers.contains("private")) {
                    modifiers.add("public");
                    if (!modifiers.contains("default") && !modifiers.contains("static")) {
                        modifiers.add("abstract");
                    }
                }
                return Signature.method(name, Signature.modifiers(modifiers), annotations, typeParameters, type,
                        parameters, varargs, exceptions, defaultValue);
            }
            if (inInterface) {
                modifiers.addAll(Set.of("public", "static", "final"));
            }
            return Signature.field(name, Signature.modifiers(modifiers), annotations, type);
        }

        private boolean parameters(final List<Signature.Parameter> parameters) {
            expect("(");
            boolean varargs = false;
            if (!accept(")")) {
                do {
                    List<String> annotations = new ArrayList<>();
                    while (peek().equals("@") || peek().equals("final")) {
                        if (take().equals("@")) {
                            addIfChecked(annotations, annotation(), false);
                        }
                    }
                    String type = type();
                    if (accept("...")) {
                        varargs = true;
                        type = type + "[]";
                    }
                    parameters.add(new Signature.Parameter(Signature.sorted(annotations), type, take()));
                } while (accept(","));
                expect(")");
            }
            return varargs;
        }

        private List<String> exceptions() {
            List<String> exceptions = new ArrayList<>();
            if (accept("throws")) {
                do {
                    exceptions.add(type());
                } while (accept(","));
            }
            return exceptions;
        }

        /** "<T extends A & B, U>": first all the names (a bound may name a later one), then the bounds. */
        private String typeParameters() {
            expect("<");
            int depth = 1;
            boolean atName = true;
            for (int i = next; depth > 0 && i < tokens.size(); i++) {
                String token = tokens.get(i);
                if (token.equals("<")) {
                    depth++;
                } else if (token.equals(">")) {
                    depth--;
                } else if (depth == 1 && token.equals(",")) {
                    atName = true;
                } else if (depth == 1 && atName) {
                    typeVariables.add(token);
                    atName = false;
                }
            }
            List<String> rendered = new ArrayList<>();
            do {
                String name = take();
                List<String> bounds = new ArrayList<>();
                if (accept("extends")) {
                    do {
                        bounds.add(type());
                    } while (accept("&"));
                }
                bounds.remove("java.lang.Object");
                rendered.add(bounds.isEmpty() ? name : name + " extends " + String.join(" & ", bounds));
            } while (accept(","));
            expect(">");
            return "<" + String.join(", ", rendered) + ">";
        }

        private String type() {
            String name = take();
            if (!isIdentifier(name)) {
                throw error("expected a type at " + name);
            }
            while (peek().equals(".") && isIdentifier(lookahead(1))) {
                take();
                name = name + "." + take();
            }
            String resolved;
            if (PRIMITIVES.contains(name) || typeVariables.contains(name)) {
                resolved = name;
            } else {
                resolved = resolve(name);
            }
            if (accept("<")) {
                List<String> arguments = new ArrayList<>();
                do {
                    if (accept("?")) {
                        if (accept("extends")) {
                            arguments.add("? extends " + type());
                        } else if (accept("super")) {
                            arguments.add("? super " + type());
                        } else {
                            arguments.add("?");
                        }
                    } else {
                        arguments.add(type());
                    }
                } while (accept(","));
                expect(">");
                resolved = resolved + "<" + String.join(", ", arguments) + ">";
            }
            while (peek().equals("[") && lookahead(1).equals("]")) {
                take();
                take();
                resolved = resolved + "[]";
            }
            return resolved;
        }

        /** After "@": the annotation's canonical text. */
        private String annotation() {
            String name = take();
            while (peek().equals(".") && isIdentifier(lookahead(1))) {
                take();
                name = name + "." + take();
            }
            String type = resolve(name);
            Map<String, String> values = new LinkedHashMap<>();
            if (accept("(")) {
                if (!accept(")")) {
                    if (isIdentifier(peek()) && lookahead(1).equals("=")) {
                        do {
                            String element = take();
                            expect("=");
                            values.put(element, value());
                        } while (accept(","));
                    } else {
                        values.put("value", value());
                    }
                    expect(")");
                }
            }
            return Signature.annotation(type, values);
        }

        private String value() {
            if (accept("{")) {
                List<Object> elements = new ArrayList<>();
                if (!accept("}")) {
                    do {
                        elements.add(new Literal(value()));
                    } while (accept(","));
                    expect("}");
                }
                return Signature.value(elements);
            }
            String token = take();
            if (token.startsWith("\"")) {
                return token;
            }
            if (token.equals("-")) {
                return Signature.number("-" + take());
            }
            if (Character.isDigit(token.charAt(0))) {
                return Signature.number(token);
            }
            String name = token;
            while (peek().equals(".") && isIdentifier(lookahead(1))) {
                take();
                String part = take();
                if (part.equals("class")) {
                    return resolveLeniently(name) + ".class";
                }
                name = name + "." + part;
            }
            return name.substring(name.lastIndexOf('.') + 1);
        }

        private String resolveLeniently(final String name) {
            try {
                return resolve(name);
            } catch (IllegalArgumentException e) {
                return name;
            }
        }

        /** An already rendered annotation value inside an array (rendered again unchanged). */
        private record Literal(String text) {
            @Override
            public String toString() {
                return text;
            }
        }

        private void addIfChecked(final List<String> annotations, final String annotation, final boolean onType) {
            String type = annotation.substring(1).replaceAll("\\(.*", "");
            if (Signature.isChecked(type, onType)) {
                annotations.add(annotation);
            }
        }

        private String peek() {
            return lookahead(0);
        }

        private String lookahead(final int distance) {
            return next + distance < tokens.size() ? tokens.get(next + distance) : "";
        }

        private String take() {
            if (next >= tokens.size()) {
                throw error("unexpected end");
            }
            return tokens.get(next++);
        }

        private boolean accept(final String token) {
            if (peek().equals(token)) {
                next++;
                return true;
            }
            return false;
        }

        private void expect(final String token) {
            if (!accept(token)) {
                throw error("expected " + token + " at " + (peek().isEmpty() ? "the end" : peek()));
            }
        }

        private IllegalArgumentException error(final String message) {
            return new IllegalArgumentException(message + " in: " + String.join(" ", tokens));
        }

        private static boolean isIdentifier(final String token) {
            return !token.isEmpty() && Character.isJavaIdentifierStart(token.charAt(0));
        }

        /** Java tokens up to the first body or initialiser ("{", "=" outside annotations, ";"); comments dropped. */
        private static List<String> tokenize(final String line) {
            List<String> tokens = new ArrayList<>();
            int depth = 0;
            int i = 0;
            while (i < line.length()) {
                char c = line.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (line.startsWith("//", i)) {
                    break;
                } else if (line.startsWith("/*", i)) {
                    int end = line.indexOf("*/", i + 2);
                    i = end < 0 ? line.length() : end + 2;
                } else if (c == '"') {
                    int end = i + 1;
                    while (line.charAt(end) != '"') {
                        end += line.charAt(end) == '\\' ? 2 : 1;
                    }
                    tokens.add(line.substring(i, end + 1));
                    i = end + 1;
                } else if (Character.isJavaIdentifierStart(c)) {
                    int end = i;
                    while (end < line.length() && Character.isJavaIdentifierPart(line.charAt(end))) {
                        end++;
                    }
                    tokens.add(line.substring(i, end));
                    i = end;
                } else if (Character.isDigit(c)) {
                    int end = i;
                    while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end))
                            || line.charAt(end) == '.')) {
                        end++;
                    }
                    tokens.add(line.substring(i, end));
                    i = end;
                } else if (line.startsWith("...", i)) {
                    tokens.add("...");
                    i += 3;
                } else {
                    if (c == '(') {
                        depth++;
                    } else if (c == ')') {
                        depth--;
                    } else if (depth == 0 && (c == ';' || c == '=' || (c == '{' && !tokens.isEmpty()
                            && !tokens.get(tokens.size() - 1).equals("default")))) {
                        break;
                    }
                    tokens.add(String.valueOf(c));
                    i++;
                }
            }
            return tokens;
        }
    }
}
