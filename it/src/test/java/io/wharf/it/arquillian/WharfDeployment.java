package io.wharf.it.arquillian;

import io.wharf.it.support.WharfApi;
import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** The EAR under test, as the build produced it, and the API of the Liberty Arquillian started. */
final class WharfDeployment {
    private WharfDeployment() {}

    static EnterpriseArchive ear() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("wharf.ear")));
    }

    static String url() { return System.getProperty("wharf.arquillian.url", "http://127.0.0.1:19080"); }

    static String adminPassword() { return System.getProperty("wharf.admin.password", "Harbor12345"); }

    static WharfApi api() { return new WharfApi(url(), adminPassword()); }
}
