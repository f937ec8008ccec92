package io.jenkins.plugins.gputraining.model;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The model stays Jenkins-free and transport-free, so the agent and the plugin can both build on it. */
@AnalyzeClasses(packages = "io.jenkins.plugins.gputraining.model", importOptions = ImportOption.DoNotIncludeTests.class)
class ModelArchitectureTest {
    @ArchTest
    static final ArchRule NO_JENKINS = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("hudson..", "jenkins..", "org.kohsuke.stapler..", "org.jenkinsci..")
            .because("the model is Jenkins-free (docs/architecture.md)");

    @ArchTest
    static final ArchRule NO_HTTP = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.javalin..", "jakarta.servlet..", "javax.servlet..", "org.eclipse.jetty..",
                    "java.net.http..", "com.sun.net.httpserver..")
            .because("serving analytics is the agent's and the plugin's job");

    @ArchTest
    static final ArchRule NOTHING_BUT_THE_MODEL_OF_OURS = noClasses().should().dependOnClassesThat(
                    resideInAPackage("io.jenkins.plugins.gputraining..")
                            .and(resideOutsideOfPackage("io.jenkins.plugins.gputraining.model..")))
            .because("dependencies point from the runner, the agent and the plugin to the model, never back");

    @ArchTest
    static final ArchRule NO_NATIVE_OR_CLI_LIBRARIES = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("com.sun.jna..", "picocli..")
            .because("native access and command lines belong to the runner");

    @ArchTest
    static final ArchRule NO_CYCLES = slices().matching("io.jenkins.plugins.gputraining.model.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule PROGRESS_IS_THE_BOTTOM_LAYER = noClasses()
            .that().resideInAPackage("..model.progress..")
            .should().dependOnClassesThat().resideInAnyPackage("..model.analytics..", "..model.series..",
                    "..model.control..", "..model.api..")
            .because("the format knows nothing of what is computed from it");
}
