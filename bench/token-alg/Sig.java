import java.lang.management.*;
import java.security.*;
import java.security.spec.*;
public class Sig {
    public static void main(String[] a) throws Exception {
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        byte[] msg = new byte[900];
        KeyPairGenerator rg = KeyPairGenerator.getInstance("RSA"); rg.initialize(2048); KeyPair r = rg.generateKeyPair();
        KeyPairGenerator eg = KeyPairGenerator.getInstance("EC"); eg.initialize(new ECGenParameterSpec("secp256r1")); KeyPair e = eg.generateKeyPair();
        for (int round = 0; round < 3; round++) {
            for (String[] alg : new String[][]{{"SHA256withRSA","rsa"},{"SHA256withECDSAinP1363Format","ec"}}) {
                KeyPair k = alg[1].equals("rsa") ? r : e;
                int n = round == 0 ? 300 : 2000;
                long c0 = t.getCurrentThreadCpuTime();
                byte[] sig = null;
                for (int i = 0; i < n; i++) { Signature s = Signature.getInstance(alg[0]); s.initSign(k.getPrivate()); s.update(msg); sig = s.sign(); }
                long c1 = t.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) { Signature s = Signature.getInstance(alg[0]); s.initVerify(k.getPublic()); s.update(msg); if (!s.verify(sig)) throw new Error(); }
                long c2 = t.getCurrentThreadCpuTime();
                if (round > 0) System.out.printf("%s sign %.0f us cpu, verify %.0f us cpu%n", alg[1], (c1-c0)/1e3/n, (c2-c1)/1e3/n);
            }
        }
    }
}
