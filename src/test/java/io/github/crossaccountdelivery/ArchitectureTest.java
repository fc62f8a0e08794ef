package io.github.crossaccountdelivery;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import io.github.crossaccountdelivery.buildaccount.BuildStack;
import io.github.crossaccountdelivery.targetaccount.TargetStack;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How the packages depend on each other, and what construct code may not do. */
class ArchitectureTest {

    private static final String ROOT = "io.github.crossaccountdelivery";
    /** Where code that ends up in templates lives. */
    private static final String[] CONSTRUCTS = {"..buildaccount..", "..targetaccount..", "..common..", "..naming.."};
    private static JavaClasses app;
    private static JavaClasses everything;

    @BeforeAll
    static void importClasses() {
        // The app's classes are in target/classes and target/test-classes: scanning every jar on
        // the class path (aws-cdk-lib's is large) for the package costs seconds and finds nothing.
        app = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
        everything = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);
    }

    @Test
    void onlyTheStacksSeeTheConfiguration() {
        noClasses().that().resideInAnyPackage(CONSTRUCTS)
                .and().doNotBelongToAnyOf(BuildStack.class, TargetStack.class)
                .should().dependOnClassesThat().resideInAPackage("..config..")
                .because("constructs get props shaped for their own job; the stacks are the composition root")
                .check(app);
    }

    @Test
    void namesDependOnNothingOfTheApp() {
        noClasses().that().resideInAPackage("..naming..")
                .should().dependOnClassesThat().resideInAnyPackage("..config..", "..buildaccount..",
                        "..targetaccount..", "..common..")
                .check(app);
    }

    @Test
    void theConfigurationKnowsNoConstruct() {
        noClasses().that().resideInAnyPackage("..config..", "..common..")
                .should().dependOnClassesThat().resideInAnyPackage("..buildaccount..", "..targetaccount..")
                .check(app);
    }

    @Test
    void theTwoAccountsCodeIsIndependent() {
        slices().matching(ROOT + ".(*account)..").should().notDependOnEachOther().check(app);
    }

    /**
     * Constructs hand their maps to CDK, which writes them into templates in iteration order;
     * {@code Map.of} and {@code Set.of} iterate in an order that changes from one JVM run to the
     * next, so two syntheses would differ. Ordered maps only, every time.
     */
    @Test
    void codeThatWritesTemplatesUsesOnlyCollectionsThatKeepTheirOrder() {
        ArchRule rule = noClasses().that().resideInAnyPackage(CONSTRUCTS).or().haveSimpleName("DeliveryApp")
                .should(callUnorderedFactories())
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.HashMap")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.HashSet");
        rule.check(app);
    }

    /** A package named like build output disappears from a clone whose global gitignore lists it. */
    @Test
    void noPackageIsNamedLikeABuildOutputFolder() {
        ArchRuleDefinition.noClasses().should().resideInAnyPackage("..build..", "..target..", "..out..", "..dist..",
                "..bin..").check(everything);
    }

    private static ArchCondition<com.tngtech.archunit.core.domain.JavaClass> callUnorderedFactories() {
        Set<String> owners = Set.of(Map.class.getName(), Set.class.getName());
        List<String> factories = List.of("of", "copyOf", "ofEntries");
        DescribedPredicate<JavaCall<?>> unordered = DescribedPredicate.describe("Map.of/Set.of/copyOf",
                call -> owners.contains(call.getTargetOwner().getName()) && factories.contains(call.getName()));
        return new ArchCondition<>("call Map.of, Set.of or their copyOf") {
            @Override
            public void check(com.tngtech.archunit.core.domain.JavaClass item, ConditionEvents events) {
                item.getMethodCallsFromSelf().stream().filter(unordered::test)
                        .forEach(call -> events.add(SimpleConditionEvent.violated(call, call.getDescription())));
            }
        };
    }
}
