package io.wharf.auth;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS that accepts any server certificate and host name: used only when an administrator turns
 * {@code ldap_verify_cert} off (a directory with a self-signed certificate), as Harbor allows.
 * JNDI finds it by class name and calls {@link #getDefault()}.
 */
public class TrustingSocketFactory extends SSLSocketFactory {
    private static final TrustingSocketFactory INSTANCE = new TrustingSocketFactory();
    private final SSLSocketFactory delegate;

    public TrustingSocketFactory() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AnyCertificate()}, new SecureRandom());
            delegate = context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SocketFactory getDefault() { return INSTANCE; }

    static SSLSocketFactory instance() { return INSTANCE; }

    @Override public String[] getDefaultCipherSuites() { return delegate.getDefaultCipherSuites(); }
    @Override public String[] getSupportedCipherSuites() { return delegate.getSupportedCipherSuites(); }
    @Override public Socket createSocket() throws IOException { return delegate.createSocket(); }
    @Override public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return delegate.createSocket(s, host, port, autoClose);
    }
    @Override public Socket createSocket(String host, int port) throws IOException { return delegate.createSocket(host, port); }
    @Override public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
        return delegate.createSocket(host, port, local, localPort);
    }
    @Override public Socket createSocket(InetAddress host, int port) throws IOException { return delegate.createSocket(host, port); }
    @Override public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
        return delegate.createSocket(host, port, local, localPort);
    }

    /** Extended, so that JSSE does not add its own host name check on top. */
    private static final class AnyCertificate extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] c, String a, Socket s) {}
        @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {}
        @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}
        @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}
        @Override public void checkClientTrusted(X509Certificate[] c, String a) {}
        @Override public void checkServerTrusted(X509Certificate[] c, String a) {}
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
