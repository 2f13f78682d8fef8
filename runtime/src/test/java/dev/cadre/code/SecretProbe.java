package dev.cadre.code;

/**
 * Run in a child JVM by {@link BubblewrapExecutorTest} with a secret in its environment: prints
 * whether this JVM sees the secret, then what code in the sandbox sees of its environment.
 */
public final class SecretProbe {

  private SecretProbe() {}

  /** Prints {@code host sees: <yes|no>}, then the sandbox's {@code env}. */
  public static void main(String[] args) {
    String secret = args[0];
    boolean seen = System.getenv().values().stream().anyMatch(v -> v.contains(secret));
    System.out.println("host sees: " + (seen ? "yes" : "no"));
    try (BubblewrapExecutor sandbox = BubblewrapExecutor.builder().build()) {
      CodeResult result = sandbox.execute(CodeBlock.sh("env; cat /proc/1/environ 2>&1"));
      System.out.println("exit " + result.exitCode());
      System.out.println(result.output());
    }
  }
}
