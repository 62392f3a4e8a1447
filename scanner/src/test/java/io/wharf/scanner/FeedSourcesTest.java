package io.wharf.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedSourcesTest {
    @Test
    void theDefaultsAreThePublicFeedsOfEveryEcosystemTheScannerMatches() {
        List<FeedSource> defaults = FeedSources.defaults();
        List<String> names = defaults.stream().map(FeedSource::name).toList();
        for (String name : List.of("osv-maven", "osv-npm", "osv-pypi", "osv-go", "osv-debian", "osv-ubuntu", "osv-almalinux",
                "osv-rocky", "osv-alpine", "alpine-v3.20-main", "alpine-v3.20-community", "debian-tracker", "nvd-modified", "nvd-2024")) {
            assertTrue(names.contains(name), name + " in " + names);
        }
        assertTrue(defaults.stream().allMatch(s -> s.url().getScheme().equals("https")), "every default is fetched over HTTPS");
        assertEquals(URI.create("https://osv-vulnerabilities.storage.googleapis.com/Rocky%20Linux/all.zip"),
                defaults.get(names.indexOf("osv-rocky")).url());
    }

    @Test
    void aListNamesEachSourceOrNamesItAfterItsUrl() {
        List<FeedSource> sources = FeedSources.parse(" mirror-npm=http://10.0.0.5:8000/npm/all.zip,\n"
                + "https://mirror.example/alpine/v3.20/main.json ");
        assertEquals(2, sources.size());
        assertEquals(new FeedSource("mirror-npm", URI.create("http://10.0.0.5:8000/npm/all.zip")), sources.get(0));
        assertEquals("mirror.example-alpine-v3.20-main.json", sources.get(1).name());
    }

    @Test
    void noneOffOrBlankTurnTheUpdaterOff() {
        assertEquals(List.of(), FeedSources.parse("none"));
        assertEquals(List.of(), FeedSources.parse("OFF"));
        assertEquals(List.of(), FeedSources.parse("  "));
    }

    @Test
    void anEntryThatIsNotAnHttpUrlIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeedSources.parse("ok=https://a.example/x.zip,bad=file:///etc/passwd"));
        assertTrue(e.getMessage().contains("bad=file:///etc/passwd"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FeedSources.parse("ftp://a.example/x"));
    }
}
