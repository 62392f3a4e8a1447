package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The OCI distribution-spec conformance suite (v1.1.1, {@code it/tools/oci-conformance}) through
 * Wharf's gateway, with a project maintainer's credentials and all four workflows (pull, push,
 * content discovery, content management): every spec that runs must pass.
 */
class OciConformanceE2EIT {
    private static final WharfApi API = new WharfApi(Stack.url(), Stack.adminPassword());
    private static final int SPECS = 74;
    private static final Pattern SUMMARY = Pattern.compile("Ran (\\d+) of \\d+ Specs.*?(\\d+) Passed \\| (\\d+) Failed", Pattern.DOTALL);

    @Test
    void everySpecOfTheSuitePassesThroughTheGateway() throws Exception {
        String user = API.createUser(WharfApi.unique("oci"));
        String project = API.createProject(WharfApi.unique("oci"), false);
        API.addMember(project, user, 4); // maintainer: pull, push and delete
        Path suite = Stack.root().resolve("it/tools/oci-conformance/oci-conformance.test").toAbsolutePath();
        Path scratch = Files.createTempDirectory("oci-conformance");

        Cmd.Result run = Cmd.runWithEnv(Map.ofEntries(
                Map.entry("OCI_ROOT_URL", Stack.url()),
                Map.entry("OCI_NAMESPACE", project + "/conformance"),
                Map.entry("OCI_CROSSMOUNT_NAMESPACE", project + "/crossmount"),
                Map.entry("OCI_USERNAME", user),
                Map.entry("OCI_PASSWORD", WharfApi.PASSWORD),
                Map.entry("OCI_TEST_PULL", "1"),
                Map.entry("OCI_TEST_PUSH", "1"),
                Map.entry("OCI_TEST_CONTENT_DISCOVERY", "1"),
                Map.entry("OCI_TEST_CONTENT_MANAGEMENT", "1"),
                Map.entry("OCI_HIDE_SKIPPED_WORKFLOWS", "0"),
                Map.entry("OCI_REPORT_DIR", "none"),
                Map.entry("HOME", scratch.toString())),
                "sh", "-c", "cd '" + scratch + "' && exec '" + suite + "' --ginkgo.no-color");

        Matcher summary = SUMMARY.matcher(run.output());
        assertTrue(summary.find(), "the suite printed no summary: " + tail(run.output()));
        int ran = Integer.parseInt(summary.group(1));
        int passed = Integer.parseInt(summary.group(2));
        System.out.println("OCI conformance through Wharf: " + passed + " of " + ran + " passed");
        assertEquals(SPECS, ran, "specs that ran");
        assertEquals(SPECS, passed, "specs that passed; the failures:\n" + failures(run.output()));
        assertEquals(0, run.exit(), tail(run.output()));
    }

    /** The suite's list of failed specs (it prints them after "Summarizing"). */
    private static String failures(String output) {
        int at = output.indexOf("Summarizing");
        return at < 0 ? tail(output) : output.substring(at);
    }

    private static String tail(String output) {
        return output.length() <= 6000 ? output : output.substring(output.length() - 6000);
    }
}
