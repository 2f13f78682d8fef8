package dev.cadre.code;

import dev.cadre.core.CancellationToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs each block in a new Docker container, through the {@code docker} command: the image's
 * interpreters, no network ({@code --network none}), a read-only root with a private {@code /tmp},
 * no capabilities, no new privileges, the memory, process and file-size limits, and the working
 * directory mounted at {@code /workspace}. The container is killed at the time limit and removed
 * when it ends.
 */
public final class DockerExecutor implements CodeExecutor {

  /** Where the working directory is mounted in the container. */
  public static final String CONTAINER_DIRECTORY = "/workspace";

  private final Workspace workspace;
  private final CodeLimits limits;
  private final String image;
  private final Path docker;
  private final String user;

  private DockerExecutor(Builder b) {
    this.image = b.image;
    this.limits = b.limits;
    Path found = Workspace.which(b.docker, clientEnvironment().get("PATH"));
    if (found == null) {
      throw new CodeExecutionException(
          "the Docker executor needs the 'docker' command, and there is none on the PATH: install"
              + " Docker, or use the bubblewrap sandbox, CodeExecutors.sandboxed()");
    }
    this.docker = found;
    String unreachable = daemonProblem(docker);
    if (unreachable != null) {
      throw new CodeExecutionException(
          "no Docker daemon is reachable (`docker info` failed: "
              + unreachable
              + "); start it, or use the bubblewrap sandbox, CodeExecutors.sandboxed()");
    }
    // Pulled now, so that a first block's time limit is not spent downloading the image.
    if (run(docker.toString(), "image", "inspect", image) != 0
        && run(docker.toString(), "pull", image) != 0) {
      throw new CodeExecutionException(
          "Docker image '" + image + "' is not here and `docker pull " + image + "` failed");
    }
    this.workspace = Workspace.of(b.workingDirectory);
    if (Workspace.isRoot()) {
      workspace.handOver(BubblewrapExecutor.SANDBOX_UID);
      this.user = BubblewrapExecutor.SANDBOX_UID + ":" + BubblewrapExecutor.SANDBOX_UID;
    } else {
      this.user = owner(workspace.directory());
    }
  }

  /** Starts a Docker executor running blocks in {@code image} (say {@code python:3.12-slim}). */
  public static Builder builder(String image) {
    return new Builder(image);
  }

  /** Whether the {@code docker} command is here and its daemon answers. */
  public static boolean available() {
    Path docker = Workspace.which("docker", clientEnvironment().get("PATH"));
    return docker != null && daemonProblem(docker) == null;
  }

  @Override
  public String name() {
    return "docker";
  }

  @Override
  public Path workingDirectory() {
    return workspace.directory();
  }

  @Override
  public CodeLimits limits() {
    return limits;
  }

  @Override
  public CodeResult execute(CodeBlock block, CancellationToken cancellation) {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(cancellation, "cancellation");
    String container = "cadre-code-" + UUID.randomUUID();
    List<String> prefix =
        new ArrayList<>(
            List.of(
                docker.toString(),
                "run",
                "--rm",
                "--name",
                container,
                "--network",
                "none",
                "--read-only",
                "--tmpfs",
                "/tmp:rw,size=64m",
                "--cap-drop",
                "ALL",
                "--security-opt",
                "no-new-privileges",
                "--pids-limit",
                Integer.toString(limits.maxProcesses()),
                "--memory",
                Long.toString(limits.memoryBytes()),
                "--memory-swap",
                Long.toString(limits.memoryBytes()),
                "--ulimit",
                "fsize=" + limits.maxFileBytes(),
                "--ulimit",
                "nofile=256",
                "--user",
                user,
                "--volume",
                workspace.directory() + ":" + CONTAINER_DIRECTORY,
                "--workdir",
                CONTAINER_DIRECTORY,
                "--env",
                "HOME=" + CONTAINER_DIRECTORY,
                "--env",
                "LANG=C.UTF-8",
                "--env",
                "PYTHONUNBUFFERED=1",
                image));
    return workspace.run(
        block,
        file -> {
          List<String> command = new ArrayList<>(prefix);
          command.addAll(block.language().command(file, limits, "java"));
          return command;
        },
        clientEnvironment(),
        limits,
        cancellation,
        () -> run(docker.toString(), "kill", container),
        false);
  }

  @Override
  public void close() {
    workspace.close();
  }

  @Override
  public String toString() {
    return "DockerExecutor[" + image + ", " + workspace.directory() + "]";
  }

  /** What the docker client needs of this process's environment, and nothing else. */
  private static Map<String, String> clientEnvironment() {
    Map<String, String> environment = new HashMap<>();
    System.getenv()
        .forEach(
            (name, value) -> {
              if (name.equals("PATH") || name.equals("HOME") || name.startsWith("DOCKER_")) {
                environment.put(name, value);
              }
            });
    environment.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
    return environment;
  }

  /** Why {@code docker info} fails, or null when the daemon answers. */
  private static String daemonProblem(Path docker) {
    try {
      Process info =
          new ProcessBuilder(docker.toString(), "info", "--format", "{{.ServerVersion}}")
              .redirectErrorStream(true)
              .start();
      info.getOutputStream().close();
      byte[] output = info.getInputStream().readNBytes(2000);
      if (!info.waitFor(30, TimeUnit.SECONDS)) {
        info.destroyForcibly();
        return "it did not answer in 30 s";
      }
      return info.exitValue() == 0
          ? null
          : new String(output, java.nio.charset.StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Runs a docker command, its output discarded, for at most ten minutes; its exit code. */
  private static int run(String... command) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static String owner(Path directory) {
    try {
      return Files.getAttribute(directory, "unix:uid")
          + ":"
          + Files.getAttribute(directory, "unix:gid");
    } catch (IOException | UnsupportedOperationException e) {
      throw new CodeExecutionException(
          "cannot read the owner of working directory " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Builds a {@link DockerExecutor}. */
  public static final class Builder {
    private final String image;
    private Path workingDirectory;
    private CodeLimits limits = CodeLimits.DEFAULT;
    private String docker = "docker";

    private Builder(String image) {
      Objects.requireNonNull(image, "image");
      if (image.isBlank()
          || image.startsWith("-")
          || image.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException(
            "Docker image '" + image + "' is not an image name (say python:3.12-slim)");
      }
      this.image = image;
    }

    /** Where blocks run, mounted at {@value #CONTAINER_DIRECTORY}; a new temporary one if unset. */
    public Builder workingDirectory(Path workingDirectory) {
      this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
      return this;
    }

    /** The limits each block runs under; {@link CodeLimits#DEFAULT} when not set. */
    public Builder limits(CodeLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** The docker command to use; {@code docker} on the PATH when not set. */
    public Builder docker(String docker) {
      this.docker = Objects.requireNonNull(docker, "docker");
      return this;
    }

    /**
     * Checks that Docker answers and builds the executor.
     *
     * @throws CodeExecutionException when there is no docker command or no daemon reachable
     */
    public DockerExecutor build() {
      return new DockerExecutor(this);
    }
  }
}
