package io.selvedge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** House rules STYLE.md states that the compiler does not check. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.selvedge");

    @Test
    void domainCodeImportsNoFramework() {
        noClasses().that().resideInAPackage("..domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..", "tools.jackson..", "com.fasterxml..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void nobodyReadsTheClockWithoutAClock() {
        noClasses().should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.LocalDate.class, "now")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .orShould().callMethod(java.time.OffsetDateTime.class, "now")
                .orShould().callMethod(java.time.ZonedDateTime.class, "now")
                .orShould().callMethod(java.time.ZoneId.class, "systemDefault")
                .check(CLASSES);
    }

    @Test
    void noLocalDateTimeAnywhere() {
        noClasses().should().dependOnClassesThat().areAssignableTo(java.time.LocalDateTime.class).check(CLASSES);
    }

    @Test
    void moneyIsNeverAFloatingPointNumberInRequestsOrCommands() {
        noClasses().that().haveSimpleNameEndingWith("Request").or().resideInAPackage("..sales..")
                .should().dependOnClassesThat().areAssignableTo(double.class)
                .orShould().dependOnClassesThat().areAssignableTo(float.class)
                .check(CLASSES);
    }
}
