package io.jenkins.plugins.gputraining;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.constructors;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.security.AccessControlled;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.interceptor.RequirePOST;
import org.kohsuke.stapler.verb.POST;

/**
 * The plugin's logic is Jenkins-free (docs/architecture.md): view models, gates, build selection, step options, the JSON
 * API's bodies, control requests and the agent bundle use no Jenkins, Stapler or workflow class, so the default
 * build's unit tests cover them. Only the package {@code io.jenkins.plugins.gputraining} itself is glue. And the glue
 * follows Stapler's and Jenkins' rules that the stubs cannot show (after warnings-ng's and coverage-plugin's
 * {@code PluginArchitectureTest}): what a navigating getter returns is dispatched, never rendered; state changes are
 * POST only and permission-checked; form checks and choices are POST and permission-checked.
 */
class PluginArchitectureTest {
    private static final String GLUE = "io.jenkins.plugins.gputraining";
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

    @Test
    void gettersReturnNodesNeverResponses() {
        methods().that().areDeclaredInClassesThat().resideInAPackage(GLUE).and().arePublic()
                .and().haveNameMatching("get[A-Z].*|getDynamic")
                .should(new ArchCondition<JavaMethod>("return a Stapler node: not an HttpResponse (Stapler dispatches "
                        + "what a getter returns against the rest of the URL and never renders it; throw it, or use a "
                        + "web method), nor Object from getDynamic (which could hide one)") {
                    @Override
                    public void check(final JavaMethod method, final ConditionEvents events) {
                        JavaClass type = method.getRawReturnType();
                        boolean response = type.isAssignableTo(HttpResponse.class);
                        boolean hidden = method.getName().equals("getDynamic") && type.isEquivalentTo(Object.class);
                        if (response || hidden) {
                            events.add(SimpleConditionEvent.violated(method, method.getFullName() + " returns "
                                    + type.getName() + " in " + method.getSourceCodeLocation()));
                        }
                    }
                })
                .check(PLUGIN);
    }

    @Test
    void stateChangesArePostOnlyAndNeedCancel() {
        methods().that().areDeclaredInClassesThat().resideInAPackage(GLUE).and().arePublic()
                .and().haveNameMatching("do[A-Z].*")
                .should(new ArchCondition<JavaMethod>("be @RequirePOST and check Item.CANCEL when they send a control "
                        + "request (ControlSender.send)") {
                    @Override
                    public void check(final JavaMethod method, final ConditionEvents events) {
                        Set<JavaCodeUnit> reached = reachedWithinItsClass(method);
                        if (!calls(reached, ControlSender.class.getName(), "send")) {
                            return;
                        }
                        if (!method.isAnnotatedWith(RequirePOST.class)) {
                            events.add(SimpleConditionEvent.violated(method, method.getFullName()
                                    + " sends a control request but is not @RequirePOST"));
                        }
                        boolean cancel = reached.stream().flatMap(unit -> unit.getFieldAccesses().stream())
                                .anyMatch(access -> access.getTarget().getOwner().isEquivalentTo(Item.class)
                                        && access.getTarget().getName().equals("CANCEL"));
                        if (!cancel || !calls(reached, AccessControlled.class.getName(), "checkPermission")) {
                            events.add(SimpleConditionEvent.violated(method, method.getFullName()
                                    + " sends a control request without checkPermission(Item.CANCEL)"));
                        }
                    }
                })
                .check(PLUGIN);
        // Not vacuous: these are the web methods that change a run.
        Set<String> senders = new TreeSet<>();
        for (JavaClass type : PLUGIN) {
            if (type.getPackageName().equals(GLUE)) {
                for (JavaMethod method : type.getMethods()) {
                    if (method.getName().matches("do[A-Z].*")
                            && calls(reachedWithinItsClass(method), ControlSender.class.getName(), "send")) {
                        senders.add(type.getSimpleName() + "." + method.getName());
                    }
                }
            }
        }
        assertThat(senders).containsExactly("RunEndpoint.doCancel", "RunEndpoint.doPause", "RunEndpoint.doResume");
    }

    @Test
    void formChecksAndChoicesArePostAndPermissionChecked() {
        methods().that().areDeclaredInClassesThat().areAssignableTo(Descriptor.class)
                .and().haveNameMatching("doCheck[A-Z].*|doFill[A-Z].*Items")
                .should().beAnnotatedWith(POST.class).andShould().bePublic()
                .andShould(new ArchCondition<JavaMethod>("check the user's permission (StepForms.canConfigure)") {
                    @Override
                    public void check(final JavaMethod method, final ConditionEvents events) {
                        if (!calls(Set.of(method), StepForms.class.getName(), "canConfigure")) {
                            events.add(SimpleConditionEvent.violated(method, method.getFullName()
                                    + " answers without StepForms.canConfigure"));
                        }
                    }
                })
                .check(PLUGIN);
        methods().that().areDeclaredInClassesThat().areAssignableTo(Descriptor.class)
                .and().haveNameMatching("do[A-Z].*")
                .should().haveRawReturnType(FormValidation.class).orShould().haveRawReturnType(ListBoxModel.class)
                .check(PLUGIN);
        assertThat(PLUGIN.get(GatedTrainingStep.GatedStepDescriptor.class).getMethods())
                .as("the gates' checks and choices").hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void dataBindingIsInPublicClasses() {
        constructors().that().areAnnotatedWith(DataBoundConstructor.class)
                .should().beDeclaredInClassesThat().arePublic().check(PLUGIN);
        methods().that().areAnnotatedWith(DataBoundSetter.class)
                .should().beDeclaredInClassesThat().arePublic().andShould().bePublic().check(PLUGIN);
    }

    /** The method and what it reaches in its own class: its private helpers and lambdas, transitively. */
    private static Set<JavaCodeUnit> reachedWithinItsClass(final JavaMethod method) {
        Set<JavaCodeUnit> reached = new LinkedHashSet<>();
        Deque<JavaCodeUnit> pending = new ArrayDeque<>(List.of(method));
        JavaClass owner = method.getOwner();
        while (!pending.isEmpty()) {
            JavaCodeUnit unit = pending.pop();
            if (!reached.add(unit)) {
                continue;
            }
            for (JavaAccess<?> call : unit.getCallsFromSelf()) {
                if (call.getTargetOwner().equals(owner)) {
                    owner.getCodeUnits().stream().filter(candidate -> candidate.getName().equals(call.getName()))
                            .forEach(pending::push);
                }
            }
            // A lambda's body is a synthetic method of the class, named after the method that holds it.
            owner.getCodeUnits().stream().filter(candidate -> candidate.getName().startsWith("lambda$"
                    + unit.getName() + "$")).forEach(pending::push);
        }
        return reached;
    }

    private static boolean calls(final Set<JavaCodeUnit> units, final String owner, final String name) {
        return units.stream().flatMap(unit -> unit.getCallsFromSelf().stream())
                .anyMatch(call -> call.getName().equals(name) && (call.getTargetOwner().getName().equals(owner)
                        || call.getTargetOwner().isAssignableTo(owner)));
    }
}
