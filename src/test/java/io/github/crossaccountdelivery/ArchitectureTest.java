package io.github.crossaccountdelivery;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import io.github.crossaccountdelivery.buildaccount.BuildStack;
import io.github.crossaccountdelivery.common.FargateSizes;
import io.github.crossaccountdelivery.common.LogRetention;
import io.github.crossaccountdelivery.common.Ordered;
import io.github.crossaccountdelivery.targetaccount.TargetStack;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
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
        everything = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);
        // One import, filtered: a second import without the tests cost as much again.
        ImportOption notTests = new ImportOption.DoNotIncludeTests();
        app = everything.that(DescribedPredicate.describe("the app's own classes",
                javaClass -> javaClass.getSource().map(source -> notTests.includes(Location.of(source.getUri())))
                        .orElse(true)));
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
        keepsCollectionsInOrder(CONSTRUCTS).check(app);
    }

    /** The rule above refuses what it is about: it once passed whatever the constructs called. */
    @Test
    void theOrderRuleRefusesMapOfSetOfAndHashMaps() {
        JavaClasses offenders = new ClassFileImporter().importClasses(WritesMapOf.class, WritesSetOf.class,
                WritesHashMap.class, WritesInOrder.class);
        var result = keepsCollectionsInOrder(ROOT + "..").evaluate(offenders);
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains(WritesMapOf.class.getName()).contains("Map.of"))
                .anySatisfy(line -> assertThat(line).contains(WritesSetOf.class.getName()).contains("Set.of"))
                .anySatisfy(line -> assertThat(line).contains(WritesHashMap.class.getName()).contains("HashMap"))
                .noneSatisfy(line -> assertThat(line).contains(WritesInOrder.class.getName()));
    }

    /**
     * Test classes that read whole-app syntheses run after the others, which run while a second
     * JVM makes the syntheses ({@link BackgroundSyntheses}): an unmarked one would run early and
     * wait. (If no class read them, this rule would fail for checking nothing.)
     */
    @Test
    void testsThatReadWholeAppsAreMarkedToRunLast() {
        DescribedPredicate<JavaClass> readsAWholeApp = DescribedPredicate.describe("read a whole-app synthesis",
                type -> !type.isEquivalentTo(Synthesized.class) && type.getMethodCallsFromSelf().stream()
                        .anyMatch(call -> call.getTargetOwner().isEquivalentTo(Synthesized.class)
                                && call.getTarget().getRawReturnType().isEquivalentTo(Synthesized.class)));
        ArchRuleDefinition.classes().that(readsAWholeApp)
                .should(ArchCondition.from(DescribedPredicate.describe("be in a class marked @ReadsWholeApps",
                        ArchitectureTest::inAClassMarkedToReadWholeApps)))
                .check(everything);
    }

    /**
     * The classes marked {@code @WithoutCdk} run while jsii starts on another thread
     * ({@link EarlyJsii}); jsii is not thread-safe, so the mark must be true of all they call.
     */
    @Test
    void testsMarkedWithoutCdkUseNoneOfItEvenThroughOtherClasses() {
        noClasses().that(DescribedPredicate.describe("are in a class marked @WithoutCdk",
                        type -> outermost(type).isAnnotatedWith(WithoutCdk.class)))
                .should().transitivelyDependOnClassesThat()
                .resideInAnyPackage("software.amazon.awscdk..", "software.amazon.jsii..", "software.constructs..")
                .check(everything);
    }

    private static JavaClass outermost(JavaClass type) {
        JavaClass outermost = type;
        while (outermost.getEnclosingClass().isPresent()) {
            outermost = outermost.getEnclosingClass().get();
        }
        return outermost;
    }

    private static boolean inAClassMarkedToReadWholeApps(JavaClass type) {
        return outermost(type).isAnnotatedWith(ReadsWholeApps.class);
    }

    /** A package named like build output disappears from a clone whose global gitignore lists it. */
    @Test
    void noPackageIsNamedLikeABuildOutputFolder() {
        ArchRuleDefinition.noClasses().should().resideInAnyPackage("..build..", "..target..", "..out..", "..dist..",
                "..bin..").check(everything);
    }

    /**
     * No class of these packages calls {@code Map.of}, {@code Set.of} or their {@code copyOf} and
     * {@code ofEntries}, or uses {@code HashMap} or {@code HashSet}. The two lookup tables in
     * {@code common}, read by key only, keep their {@code Map.of}: their order reaches no template.
     */
    private static ArchRule keepsCollectionsInOrder(String... packages) {
        Set<String> owners = Set.of(Map.class.getName(), Set.class.getName());
        List<String> factories = List.of("of", "copyOf", "ofEntries");
        Set<String> lookupTables = Set.of(FargateSizes.class.getName(), LogRetention.class.getName());
        DescribedPredicate<JavaMethodCall> unordered = DescribedPredicate.describe(
                "Map.of, Set.of or their copyOf or ofEntries",
                call -> owners.contains(call.getTargetOwner().getName()) && factories.contains(call.getName())
                        && !lookupTables.contains(call.getOriginOwner().getName()));
        return noClasses().that().resideInAnyPackage(packages).or().haveSimpleName("DeliveryApp")
                .should().callMethodWhere(unordered)
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.HashMap")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.HashSet");
    }

    // What the order rule must refuse, and what it must let pass.

    private static final class WritesMapOf {
        Map<String, Object> conditions() {
            return Map.of("StringEquals", "a", "ArnLike", "b");
        }
    }

    private static final class WritesSetOf {
        Set<String> actions() {
            return Set.of("s3:GetObject", "s3:PutObject");
        }
    }

    private static final class WritesHashMap {
        Map<String, Object> conditions() {
            return new java.util.HashMap<>(Ordered.map("StringEquals", "a"));
        }
    }

    private static final class WritesInOrder {
        Map<String, Object> conditions() {
            return Ordered.map("StringEquals", "a", "ArnLike", "b");
        }
    }
}
