// Mirrors org.jvnet.hudson.annotation_indexer.AnnotationProcessorImpl from org.jenkins-ci:annotation-indexer 1.17
// (its behaviour, not a throwing stub: annotation-indexer is not on Maven Central, and the index it writes is part
// of the plugin, so the offline build needs a processor that writes the same file).
package org.jvnet.hudson.annotation_indexer;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * For every annotation type meta-annotated with {@link Indexed} (such as {@code org.jenkinsci.Symbol}), writes
 * {@code META-INF/annotations/<annotation binary name>}: the binary names of the classes that use it (on the class
 * or on a member), sorted, one per line, UTF-8. Jenkins reads these files with annotation-indexer's {@code Index}.
 */
@SupportedAnnotationTypes("*")
public class AnnotationProcessorImpl extends AbstractProcessor {
    private final Map<String, Set<String>> uses = new HashMap<>();
    private final Map<String, Set<Element>> origins = new HashMap<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(final Set<? extends TypeElement> annotations, final RoundEnvironment roundEnv) {
        if (roundEnv.processingOver()) {
            write();
            return false;
        }
        for (TypeElement annotation : annotations) {
            if (!isIndexed(annotation)) {
                continue;
            }
            String name = processingEnv.getElementUtils().getBinaryName(annotation).toString();
            for (Element element : roundEnv.getElementsAnnotatedWith(annotation)) {
                TypeElement type = element instanceof TypeElement t ? t : (TypeElement) element.getEnclosingElement();
                uses.computeIfAbsent(name, key -> new TreeSet<>())
                        .add(processingEnv.getElementUtils().getBinaryName(type).toString());
                origins.computeIfAbsent(name, key -> new HashSet<>()).add(element);
            }
        }
        return false;
    }

    private boolean isIndexed(final TypeElement annotation) {
        for (AnnotationMirror mirror : annotation.getAnnotationMirrors()) {
            if (mirror.getAnnotationType().asElement().toString().equals(Indexed.class.getName())) {
                return true;
            }
        }
        return false;
    }

    private void write() {
        for (Map.Entry<String, Set<String>> use : uses.entrySet()) {
            try {
                FileObject file = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "",
                        "META-INF/annotations/" + use.getKey(), origins.get(use.getKey()).toArray(new Element[0]));
                try (PrintWriter out = new PrintWriter(new OutputStreamWriter(file.openOutputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String type : use.getValue()) {
                        out.println(type);
                    }
                }
            }
            catch (IOException e) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, e.toString());
            }
        }
    }
}
