package io.wharf.scanner.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvProxySelectorTest {
    private static Proxy http(String host, int port) {
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
    }

    @Test
    void httpsUrlsGoThroughHttpsProxyExceptNoProxyHosts() {
        EnvProxySelector s = EnvProxySelector.of(Map.of("https_proxy", "http://proxy.corp:3128",
                "no_proxy", "localhost,.internal.corp, mirror.example.org:443"));
        assertEquals(List.of(http("proxy.corp", 3128)), s.select(URI.create("https://nvd.nist.gov/feeds/x.json.gz")));
        assertEquals(List.of(Proxy.NO_PROXY), s.select(URI.create("https://osv.internal.corp/all.zip")));
        assertEquals(List.of(Proxy.NO_PROXY), s.select(URI.create("https://internal.corp/all.zip")));
        assertEquals(List.of(Proxy.NO_PROXY), s.select(URI.create("https://mirror.example.org/all.zip")));
        assertEquals(List.of(Proxy.NO_PROXY), s.select(URI.create("https://localhost:8443/all.zip")));
        assertEquals(List.of(http("proxy.corp", 3128)), s.select(URI.create("https://notinternal.corp/all.zip")));
    }

    @Test
    void upperCaseNamesHostPortFormAndPlainHttp() {
        EnvProxySelector s = EnvProxySelector.of(Map.of("HTTPS_PROXY", "proxy.corp:8080", "HTTP_PROXY", "http://web:80",
                "NO_PROXY", "example.invalid"));
        assertEquals(List.of(http("proxy.corp", 8080)), s.select(URI.create("https://secdb.alpinelinux.org/v3.20/main.json")));
        assertEquals(List.of(http("web", 80)), s.select(URI.create("http://mirror.lan/all.zip")));
    }

    @Test
    void noSettingsOrStarMeansDirect() {
        assertEquals(List.of(Proxy.NO_PROXY), EnvProxySelector.of(Map.of()).select(URI.create("https://nvd.nist.gov/")));
        assertEquals(List.of(Proxy.NO_PROXY), EnvProxySelector.of(Map.of("https_proxy", "http://p:1", "no_proxy", "*"))
                .select(URI.create("https://nvd.nist.gov/")));
    }
}
