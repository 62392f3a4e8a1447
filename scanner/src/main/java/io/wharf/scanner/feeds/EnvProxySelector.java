package io.wharf.scanner.feeds;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The proxy the usual environment variables ask for: {@code https_proxy}/{@code HTTPS_PROXY} for https URLs,
 * {@code http_proxy}/{@code HTTP_PROXY} for plain http ones, none for hosts in {@code no_proxy}/{@code NO_PROXY}
 * ({@code *}, {@code example.com} and {@code .example.com} both match the domain and its subdomains; ports ignored).
 * Credentials in a proxy URL are not supported (ignored).
 */
public final class EnvProxySelector extends ProxySelector {
    private final Proxy https;
    private final Proxy http;
    private final List<String> noProxy;

    private EnvProxySelector(Proxy https, Proxy http, List<String> noProxy) {
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
    }

    public static EnvProxySelector fromEnvironment() {
        return of(System.getenv());
    }

    public static EnvProxySelector of(Map<String, String> env) {
        List<String> noProxy = new ArrayList<>();
        String list = first(env, "no_proxy", "NO_PROXY");
        if (list != null) {
            for (String entry : list.split(",")) {
                String e = entry.trim().toLowerCase(Locale.ROOT);
                int colon = e.lastIndexOf(':');
                if (colon > 0 && e.indexOf(']') < colon) {
                    e = e.substring(0, colon);
                }
                if (e.startsWith(".")) {
                    e = e.substring(1);
                }
                if (!e.isEmpty()) {
                    noProxy.add(e);
                }
            }
        }
        return new EnvProxySelector(proxy(first(env, "https_proxy", "HTTPS_PROXY")),
                proxy(first(env, "http_proxy", "HTTP_PROXY")), noProxy);
    }

    private static String first(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private static Proxy proxy(String value) {
        if (value == null) {
            return null;
        }
        URI uri = URI.create(value.contains("://") ? value : "http://" + value);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("proxy setting is not host:port or a URL");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(uri.getHost(), port));
    }

    @Override
    public List<Proxy> select(URI uri) {
        Proxy p = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
        if (p == null || bypassed(uri.getHost())) {
            return List.of(Proxy.NO_PROXY);
        }
        return List.of(p);
    }

    private boolean bypassed(String host) {
        if (host == null) {
            return true;
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (String e : noProxy) {
            if (e.equals("*") || h.equals(e) || h.endsWith("." + e)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // nothing to remember: the download fails and is retried with backoff
    }
}
