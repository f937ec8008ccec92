// Mirrors org.jvnet.hudson.annotation_indexer.Indexed from org.jenkins-ci:annotation-indexer 1.17
package org.jvnet.hudson.annotation_indexer;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

@Retention(RUNTIME)
@Target(ANNOTATION_TYPE)
@Documented
public @interface Indexed {
}
