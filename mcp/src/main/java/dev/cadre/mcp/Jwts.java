package dev.cadre.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Signed JWTs for OAuth client authentication ({@code private_key_jwt}, RFC 7523), with the JDK's
 * own signatures: ES256 for a P-256 key, ES384 for P-384, RS256 for an RSA key.
 */
final class Jwts {

  private Jwts() {}

  /** The compact JWS of {@code claims}, signed by {@code key}, with a header saying how. */
  static String sign(ObjectNode claims, PrivateKey key) {
    String[] how = algorithm(key);
    ObjectNode header = Json.object().put("alg", how[0]).put("typ", "JWT");
    String signed = base64(Json.write(header)) + "." + base64(Json.write(claims));
    try {
      Signature signature = Signature.getInstance(how[1]);
      signature.initSign(key);
      signature.update(signed.getBytes(StandardCharsets.US_ASCII));
      byte[] signed64 = signature.sign();
      return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signed64);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "the client's key cannot sign a JWT: " + e.getMessage(), e);
    }
  }

  /** The JWS name and the JDK signature (JWS wants ECDSA's r and s as they are, not DER). */
  private static String[] algorithm(PrivateKey key) {
    if (key instanceof RSAPrivateKey) {
      return new String[] {"RS256", "SHA256withRSA"};
    }
    if (key instanceof ECPrivateKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      if (bits == 256) {
        return new String[] {"ES256", "SHA256withECDSAinP1363Format"};
      }
      if (bits == 384) {
        return new String[] {"ES384", "SHA384withECDSAinP1363Format"};
      }
    }
    throw new IllegalArgumentException(
        "a client key must be RSA or EC on P-256 or P-384, not " + key.getAlgorithm());
  }

  /**
   * The private key in {@code pem}, a PKCS #8 {@code -----BEGIN PRIVATE KEY-----} block (RSA or
   * EC).
   *
   * @throws IllegalArgumentException if it is not one; the message quotes none of it
   */
  static PrivateKey privateKey(String pem) {
    String body =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the client key is not a PEM block of base64");
    }
    for (String algorithm : new String[] {"EC", "RSA"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next kind of key
      }
    }
    throw new IllegalArgumentException(
        "the client key is not a PKCS #8 private key (-----BEGIN PRIVATE KEY-----) of RSA or EC");
  }

  private static String base64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
