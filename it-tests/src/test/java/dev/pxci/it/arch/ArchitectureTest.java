package dev.pxci.it.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of ARCHITECTURE.md, checked on the production classes of every module.
 * Each rule is a named field that reads like the design; {@link #everyClassBelongsToALayer} makes
 * sure a new package cannot slip outside every rule.
 */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/it-tests/"))
                .importPackages("dev.pxci");
    }

    static final ArchRule ports_depend_on_the_jdk_only = classes()
            .that().resideInAPackage("dev.pxci.ports..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.pxci.ports..", "java..")
            .because("ports is the contract third parties compile against");

    static final ArchRule domain_depends_on_ports_and_the_jdk_only = classes()
            .that().resideInAPackage("dev.pxci.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.pxci.domain..", "dev.pxci.ports..", "java..")
            .because("the lifecycle engine reaches everything outside the process through a port");

    static final ArchRule domain_does_no_io_of_its_own = noClasses()
            .that().resideInAPackage("dev.pxci.domain..")
            .should().dependOnClassesThat(resideInAPackage("java.net..")
                    .or(resideInAPackage("java.nio.channels.."))
                    .or(com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf(
                            java.nio.file.Files.class, java.io.File.class, java.io.FileInputStream.class,
                            java.io.FileOutputStream.class, java.io.FileReader.class, java.io.FileWriter.class,
                            java.io.RandomAccessFile.class, ProcessBuilder.class, Process.class, Runtime.class,
                            java.net.http.HttpClient.class)))
            .orShould().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .orShould().accessField(System.class, "in")
            .because("the domain does no I/O of its own: sockets, files, processes and consoles are behind ports");

    static final ArchRule no_library_types_in_ports_or_domain = noClasses()
            .that().resideInAnyPackage("dev.pxci.ports..", "dev.pxci.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml..", "org.apache.hc..", "org.apache.sshd..",
                    "org.eclipse.jgit..", "dagger..", "javax.inject..", "picocli..");

    static final ArchRule adapters_do_not_depend_on_the_domain = noClasses()
            .that().resideInAPackage("dev.pxci.adapter..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.pxci.domain..", "dev.pxci.cli..", "dev.pxci.sandbox..");

    static final ArchRule adapters_do_not_depend_on_each_other = slices()
            .matching("dev.pxci.adapter.(*)..")
            .should().notDependOnEachOther();

    static final ArchRule the_proxmox_model_depends_on_ports_and_jackson_only = classes()
            .that().resideInAPackage("dev.pxci.proxmox.model..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.pxci.proxmox.model..", "dev.pxci.ports..",
                    "com.fasterxml.jackson..", "java..")
            .because("it is the one reading of Proxmox VE's container config, shared by the platform adapters");

    static final ArchRule only_the_platform_adapters_use_the_proxmox_model = noClasses()
            .that().resideOutsideOfPackages("dev.pxci.proxmox.model..", "dev.pxci.adapter.proxmox..",
                    "dev.pxci.adapter.ansible..")
            .should().dependOnClassesThat().resideInAPackage("dev.pxci.proxmox.model..")
            .because("the domain decides what a change needs, and a simulator sharing the client's code cannot catch"
                    + " its mistakes");

    static final ArchRule sandbox_speaks_protocols_not_our_code = noClasses()
            .that().resideInAPackage("dev.pxci.sandbox..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.pxci.ports..", "dev.pxci.domain..",
                    "dev.pxci.adapter..", "dev.pxci.proxmox..", "dev.pxci.cli..")
            .because("the sandbox stands in for a remote system and must not share our view of it");

    static final ArchRule benchmarks_measure_the_product_from_outside = noClasses()
            .that().resideInAPackage("dev.pxci.bench..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.pxci.ports..", "dev.pxci.domain..",
                    "dev.pxci.adapter..", "dev.pxci.cli..")
            .because("the benchmarks run the CLI as a process against the sandbox, as a user would");

    static final ArchRule only_the_cli_uses_dagger_or_picocli = noClasses()
            .that().resideOutsideOfPackage("dev.pxci.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("dagger..", "javax.inject..", "picocli..");

    static final ArchRule the_cli_reaches_adapters_only_through_the_spi = noClasses()
            .that().resideInAPackage("dev.pxci.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.pxci.adapter..");

    static final ArchRule adapter_internals_stay_private = noClasses()
            .that().resideOutsideOfPackage("dev.pxci.adapter..")
            .should().dependOnClassesThat().resideInAPackage("dev.pxci.adapter..internal..");

    static final ArchRule no_package_cycles = slices()
            .matching("dev.pxci.(**)")
            .should().beFreeOfCycles();

    static final ArchRule every_class_belongs_to_a_layer = layeredArchitecture()
            .consideringOnlyDependenciesInAnyPackage("dev.pxci..")
            .layer("ports").definedBy("dev.pxci.ports..")
            .layer("domain").definedBy("dev.pxci.domain..")
            .layer("adapters").definedBy("dev.pxci.adapter..")
            .layer("proxmox model").definedBy("dev.pxci.proxmox.model..")
            .layer("sandbox").definedBy("dev.pxci.sandbox..")
            .layer("cli").definedBy("dev.pxci.cli..")
            .layer("benchmarks").definedBy("dev.pxci.bench..")
            .whereLayer("cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("benchmarks").mayNotBeAccessedByAnyLayer()
            .whereLayer("adapters").mayOnlyBeAccessedByLayers("adapters")
            .whereLayer("proxmox model").mayOnlyBeAccessedByLayers("adapters")
            .whereLayer("domain").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("sandbox").mayOnlyBeAccessedByLayers("cli", "benchmarks")
            .withOptionalLayers(true)
            .ensureAllClassesAreContainedInArchitecture();

    @Test
    void portsDependOnTheJdkOnly() {
        ports_depend_on_the_jdk_only.check(classes);
    }

    @Test
    void domainDependsOnPortsAndTheJdkOnly() {
        domain_depends_on_ports_and_the_jdk_only.check(classes);
    }

    @Test
    void domainDoesNoIoOfItsOwn() {
        domain_does_no_io_of_its_own.check(classes);
    }

    @Test
    void noLibraryTypesInPortsOrDomain() {
        no_library_types_in_ports_or_domain.check(classes);
    }

    @Test
    void adaptersDoNotDependOnTheDomain() {
        adapters_do_not_depend_on_the_domain.check(classes);
    }

    @Test
    void adaptersDoNotDependOnEachOther() {
        adapters_do_not_depend_on_each_other.check(classes);
    }

    @Test
    void theProxmoxModelDependsOnPortsAndJacksonOnly() {
        the_proxmox_model_depends_on_ports_and_jackson_only.check(classes);
    }

    @Test
    void onlyThePlatformAdaptersUseTheProxmoxModel() {
        only_the_platform_adapters_use_the_proxmox_model.check(classes);
    }

    @Test
    void sandboxSpeaksProtocolsNotOurCode() {
        sandbox_speaks_protocols_not_our_code.check(classes);
    }

    @Test
    void benchmarksMeasureTheProductFromOutside() {
        benchmarks_measure_the_product_from_outside.check(classes);
    }

    @Test
    void onlyTheCliUsesDaggerOrPicocli() {
        only_the_cli_uses_dagger_or_picocli.check(classes);
    }

    @Test
    void theCliReachesAdaptersOnlyThroughTheSpi() {
        the_cli_reaches_adapters_only_through_the_spi.check(classes);
    }

    @Test
    void adapterInternalsStayPrivate() {
        adapter_internals_stay_private.check(classes);
    }

    @Test
    void noPackageCycles() {
        no_package_cycles.check(classes);
    }

    @Test
    void everyClassBelongsToALayer() {
        every_class_belongs_to_a_layer.check(classes);
    }

    /** The root package of every production module: a rule about a module whose classes were not imported would pass empty. */
    static final List<String> MODULE_PACKAGES = List.of("dev.pxci.ports", "dev.pxci.domain", "dev.pxci.proxmox.model",
            "dev.pxci.adapter.proxmox", "dev.pxci.adapter.ansible", "dev.pxci.adapter.shell", "dev.pxci.adapter.cinc",
            "dev.pxci.adapter.gitea", "dev.pxci.sandbox", "dev.pxci.cli", "dev.pxci.bench");

    @Test
    void theImportSeesEveryModule() {
        Set<String> imported = classes.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
        assertThat(MODULE_PACKAGES).allSatisfy(module -> assertThat(imported)
                .as("classes of " + module + " are imported").anyMatch(p -> p.equals(module) || p.startsWith(module + ".")));
        assertThat(imported).as("no production package outside the modules above")
                .allMatch(p -> MODULE_PACKAGES.stream().anyMatch(m -> p.equals(m) || p.startsWith(m + ".")));
    }
}
