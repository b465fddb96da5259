package org.newsnode.cli;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module rules of DESIGN.md, on the compiled main classes of every module: cli on top;
 * nntp-server and feeder on storage; feeder and nntp-server meet in storage and the network
 * layer (org.newsnode.nntp.net) only; no package cycles anywhere.
 */
class ArchitectureTest {
    /** Main classes only: test classes and the server's test-jar may reach anywhere. */
    private static final ImportOption MAIN_ONLY = location -> !location.contains("/test-classes/")
            && !location.contains("-tests.jar");
    private static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(MAIN_ONLY)
            .importPackages("org.newsnode");

    @Test
    void theClassesAreThere() {
        // a rule over no classes passes whatever it says: make sure every module was imported
        for (String p : new String[] {"org.newsnode.storage.store", "org.newsnode.nntp.session", "org.newsnode.feeder",
                "org.newsnode.cli", "org.newsnode.nntp.net"}) {
            org.junit.jupiter.api.Assertions.assertTrue(CLASSES.stream().anyMatch(c -> c.getPackageName().equals(p)), p);
        }
    }

    @Test
    void storageDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("org.newsnode.storage..")
                .should().dependOnClassesThat().resideInAnyPackage("org.newsnode.nntp..", "org.newsnode.feeder..",
                        "org.newsnode.cli..")
                .check(CLASSES);
    }

    @Test
    void storageHoldsNoTls() {
        noClasses().that().resideInAPackage("org.newsnode.storage..")
                .should().dependOnClassesThat().resideInAnyPackage("javax.net.ssl..", "org.apache.mina..")
                .check(CLASSES);
    }

    @Test
    void theFeederUsesOnlyTheServersNetworkLayer() {
        noClasses().that().resideInAPackage("org.newsnode.feeder..")
                .should().dependOnClassesThat(resideInAPackage("org.newsnode.nntp..")
                        .and(not(resideInAPackage("org.newsnode.nntp.net.."))))
                .check(CLASSES);
        noClasses().that().resideInAPackage("org.newsnode.feeder..")
                .should().dependOnClassesThat().resideInAPackage("org.newsnode.cli..")
                .check(CLASSES);
    }

    @Test
    void theServerKnowsNeitherTheFeederNorTheCli() {
        noClasses().that().resideInAPackage("org.newsnode.nntp..")
                .should().dependOnClassesThat(resideInAnyPackage("org.newsnode.feeder..", "org.newsnode.cli.."))
                .check(CLASSES);
    }

    @Test
    void theNetworkLayerKnowsNoCommandsOrSessions() {
        noClasses().that().resideInAPackage("org.newsnode.nntp.net..")
                .should().dependOnClassesThat(resideInAPackage("org.newsnode.nntp..")
                        .and(not(resideInAPackage("org.newsnode.nntp.net.."))))
                .check(CLASSES);
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.newsnode.(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
