package io.jenkins.plugins.gputraining.runner;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The runner's layers (docs/architecture.md): the command line on top, one training run below it, and the parts a
 * run is made of (output parsing, NVML, the process tree) at the bottom, knowing nothing of what uses them. The
 * runner is the lean jar the plugin ships to build nodes: it never reaches into the full agent.
 */
@AnalyzeClasses(packages = "io.jenkins.plugins.gputraining.runner", importOptions = ImportOption.DoNotIncludeTests.class)
class RunnerArchitectureTest {
    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.jenkins.plugins.gputraining.runner.(*)..")
            .should().beFreeOfCycles()
            .because("each package of the runner builds on the ones below it only");

    @ArchTest
    static final ArchRule PARTS_KNOW_NOTHING_OF_THEIR_USERS = noClasses()
            .that().resideInAnyPackage("..runner.parse..", "..runner.nvml..", "..runner.process..")
            .should().dependOnClassesThat().resideInAnyPackage("..runner.cli..", "..runner.run..")
            .because("parsing, NVML and the process tree are parts a run uses, not the other way round");

    @ArchTest
    static final ArchRule NO_AGENT = noClasses()
            .that().resideInAPackage("io.jenkins.plugins.gputraining.runner..")
            .should().dependOnClassesThat().resideInAPackage("io.jenkins.plugins.gputraining.agent..")
            .because("the runner is the lean jar shipped to build nodes; the full agent builds on it, not back");
}
