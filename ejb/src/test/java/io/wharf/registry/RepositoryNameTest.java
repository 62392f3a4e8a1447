package io.wharf.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class RepositoryNameTest {
    @Test
    void acceptsDistributionNames() {
        for (String ok : List.of("hpc/hello-world", "a/b/c", "lib/app_1", "lib/a__b", "lib/a--b", "lib/a.b", "x1/y2")) {
            assertNull(RepositoryName.problem(ok), ok);
        }
    }

    @Test
    void refusesWhatTheGrammarForbids() {
        for (String bad : List.of("", "hpc", "hpc/", "/hpc/app", "hpc//app", "hpc/../etc", "hpc/App", "HPC/app",
                "hpc/app-", "hpc/-app", "hpc/a...b", "hpc/a___b", "hpc/app:tag", "hpc/a b", "hpc/%2e%2e")) {
            assertNotNull(RepositoryName.problem(bad), bad);
        }
    }

    @Test
    void refusesNamesLongerThan255() {
        String name = "p/" + "a".repeat(253);
        assertNull(RepositoryName.problem(name));
        assertNotNull(RepositoryName.problem(name + "a"));
    }

    @Test
    void projectIsTheFirstComponent() {
        RepositoryName name = new RepositoryName("hpc/tools/gcc");
        assertEquals("hpc", name.project());
        assertEquals("tools/gcc", name.withinProject());
    }

    @Test
    void projectOfAnUncheckedNameIsEverythingBeforeTheFirstSlash() {
        assertEquals(java.util.Optional.of("hpc"), RepositoryName.projectOf("hpc/tools/gcc"));
        assertEquals(java.util.Optional.empty(), RepositoryName.projectOf("nopro"));
        assertEquals(java.util.Optional.empty(), RepositoryName.projectOf("/leading"));
        assertEquals(java.util.Optional.empty(), RepositoryName.projectOf(null));
    }
}
