package io.jenkins.plugins.gputraining.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The full agent's rooms (docs/architecture.md): the service and the demo trainer stand apart from the command line. */
@AnalyzeClasses(packages = "io.jenkins.plugins.gputraining.agent", importOptions = ImportOption.DoNotIncludeTests.class)
class AgentArchitectureTest {
    @ArchTest
    static final ArchRule NO_CYCLES = slices().matching("io.jenkins.plugins.gputraining.agent.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule THE_SERVICE_AND_THE_TRAINER_KNOW_NOTHING_OF_THE_COMMAND_LINE = noClasses()
            .that().resideInAnyPackage("..agent.server..", "..agent.demo..")
            .should().dependOnClassesThat().resideInAPackage("..agent.cli..")
            .because("commands wire the service and the trainer, never the other way");

    @ArchTest
    static final ArchRule THE_DEMO_TRAINER_IS_A_PLAIN_TRAINING_PROGRAM = noClasses()
            .that().resideInAPackage("..agent.demo..")
            .should().dependOnClassesThat().resideInAnyPackage("..agent.server..", "io.jenkins.plugins.gputraining.runner..")
            .because("it is trained under the runner like any user's program, and knows nothing of it");

    @ArchTest
    static final ArchRule THE_SERVICE_DOES_NOT_RUN_TRAININGS_ITSELF = noClasses()
            .that().resideInAPackage("..agent.server..")
            .should().dependOnClassesThat().resideInAnyPackage("..runner.run..", "..runner.nvml..")
            .because("it starts the runner as a process (it may validate the runner's options and name its JVM) and "
                    + "reads the run directories the runner writes");
}
