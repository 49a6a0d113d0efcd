package dev.pitwall.loader.snowflake;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** Reads the RSA key for Snowflake key-pair auth from PKCS#8 PEM, encrypted with a passphrase or not. */
public final class PrivateKeyReader {
    private PrivateKeyReader() {}

    /** @throws IllegalArgumentException naming what is wrong with the key text (never the key itself) */
    public static PrivateKey read(String pem, char[] passphrase) {
        boolean encrypted = pem.contains("BEGIN ENCRYPTED PRIVATE KEY");
        if (!encrypted && !pem.contains("BEGIN PRIVATE KEY")) {
            throw new IllegalArgumentException("the private key is not PKCS#8 PEM (-----BEGIN PRIVATE KEY----- or "
                    + "-----BEGIN ENCRYPTED PRIVATE KEY-----); convert it with openssl pkcs8 -topk8");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").strip());
        try {
            PKCS8EncodedKeySpec spec;
            if (encrypted) {
                if (passphrase == null || passphrase.length == 0) {
                    throw new IllegalArgumentException("the private key is encrypted: pass its passphrase");
                }
                EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
                // openssl's default (PBES2) is named by its parameters, e.g. PBEWithHmacSHA256AndAES_256.
                String algorithm = "PBES2".equals(info.getAlgName()) ? info.getAlgParameters().toString() : info.getAlgName();
                Cipher cipher = Cipher.getInstance(algorithm);
                cipher.init(Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(algorithm)
                        .generateSecret(new PBEKeySpec(passphrase)), info.getAlgParameters());
                spec = info.getKeySpec(cipher);
            } else {
                spec = new PKCS8EncodedKeySpec(der);
            }
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot read the private key (wrong passphrase or not an RSA key): "
                    + e.getClass().getSimpleName(), e);
        }
    }
}
