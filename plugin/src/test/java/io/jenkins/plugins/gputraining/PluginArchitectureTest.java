package io.jenkins.plugins.gputraining;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The plugin's logic is Jenkins-free (docs/architecture.md): view models, gates, build selection, step options, the JSON
 * API's bodies, control requests and the agent bundle use no Jenkins, Stapler or workflow class, so the default
 * build's unit tests cover them. Only the package {@code io.jenkins.plugins.gputraining} itself is glue.
 */
class PluginArchitectureTest {
    private static final JavaClasses PLUGIN = new ClassFileImporter()
            // The offline build compiles to target/offline/…, which ArchUnit's DO_NOT_INCLUDE_TESTS does not know.
            .withImportOption(location -> !location.contains("/test-classes/"))
            .importPackages("io.jenkins.plugins.gputraining");

    @Test
    void logicPackagesAreJenkinsFree() {
        noClasses().that().resideInAnyPackage("io.jenkins.plugins.gputraining.view..",
                        "io.jenkins.plugins.gputraining.gate..", "io.jenkins.plugins.gputraining.selection..",
                        "io.jenkins.plugins.gputraining.options..", "io.jenkins.plugins.gputraining.api..",
                        "io.jenkins.plugins.gputraining.control..", "io.jenkins.plugins.gputraining.bundle..")
                .should().dependOnClassesThat().resideInAnyPackage("hudson..", "jenkins..", "org.kohsuke.stapler..",
                        "org.jenkinsci..", "jakarta.servlet..", "org.springframework..")
                .because("logic stays testable without Jenkins; glue lives in io.jenkins.plugins.gputraining")
                .check(PLUGIN);
    }

    @Test
    void logicDoesNotDependOnTheGlue() {
        noClasses().that().resideOutsideOfPackage("io.jenkins.plugins.gputraining")
                .and().resideInAPackage("io.jenkins.plugins.gputraining..")
                .should().dependOnClassesThat().resideInAPackage("io.jenkins.plugins.gputraining")
                .check(PLUGIN);
    }

    @Test
    void thePluginDoesNotUseTheRunnersOrTheAgentsClasses() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.jenkins.plugins.gputraining.agent..",
                        "io.jenkins.plugins.gputraining.runner..")
                .because("the runner is shipped to nodes as a jar, not linked into the controller")
                .check(PLUGIN);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.jenkins.plugins.gputraining.(*)..").should().beFreeOfCycles().check(PLUGIN);
    }
}
