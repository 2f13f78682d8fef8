package dev.cadre.a2a;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.a2a.A2aWire.Message;
import dev.cadre.a2a.A2aWire.StreamResponse;
import dev.cadre.a2a.A2aWire.Task;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.core.Json;
import dev.cadre.model.http.Secrets;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/**
 * The A2A calls of one remote agent, over the JSON-RPC binding: send a message and follow its task
 * by its stream or by asking for it, cancel it, and turn every failure into an {@link A2aException}
 * that names the agent and its URL, with the credential masked.
 */
final class RemoteTasks {

  private static final MediaType JSON = MediaType.get("application/json");

  private final String name;
  private final String shownUrl;
  private final String endpoint;
  private final A2aAuth auth;
  private final OkHttpClient http;
  private final Secrets secrets;
  private final Duration timeout;
  private final Duration pollInterval;

  /** Whether the remote agent speaks A2A 0.3: requests and answers are translated at this edge. */
  private final boolean v03;

  RemoteTasks(
      String name,
      String shownUrl,
      String endpoint,
      boolean v03,
      A2aAuth auth,
      OkHttpClient http,
      Secrets secrets,
      Duration timeout,
      Duration pollInterval) {
    this.name = name;
    this.shownUrl = shownUrl;
    this.endpoint = endpoint;
    this.v03 = v03;
    this.auth = auth;
    this.http = http;
    this.secrets = secrets;
    this.timeout = timeout;
    this.pollInterval = pollInterval;
  }

  /** Sends {@code out} and follows the task's stream until it ends or stops for input. */
  Task stream(
      Message out, CancellationToken cancellation, Consumer<AgentEvent> report, long deadline) {
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    Object end = new Object();
    EventSource source =
        EventSources.createFactory(http)
            .newEventSource(
                request("SendStreamingMessage", params(out, false), "text/event-stream"),
                new EventSourceListener() {
                  @Override
                  public void onEvent(EventSource s, String id, String type, String data) {
                    events.add(data);
                  }

                  @Override
                  public void onClosed(EventSource s) {
                    events.add(end);
                  }

                  @Override
                  public void onFailure(EventSource s, Throwable t, Response response) {
                    events.add(streamFailure(t, response));
                  }
                });
    AtomicReference<String> taskId = new AtomicReference<>();
    CancellationToken.Registration registration =
        cancellation.onCancel(
            () -> {
              source.cancel();
              cancelRemote(taskId.get());
              events.add(end);
            });
    try {
      Task task = null;
      while (true) {
        Object event = events.poll(remaining(deadline), TimeUnit.NANOSECONDS);
        cancellation.throwIfCancelled();
        if (event == null) {
          cancelRemote(taskId.get());
          throw failure("no answer within " + timeout, null);
        }
        if (event == end) {
          if (task == null) {
            throw failure("the stream ended before any task", null);
          }
          return task;
        }
        if (event instanceof A2aException failed) {
          throw failed;
        }
        StreamResponse response = streamEvent((String) event);
        if (response.task() != null) {
          task = response.task();
          taskId.set(task.id());
        } else if (response.message() != null) {
          // An agent may answer with a message and no task at all.
          return completed(out, response.message());
        } else if (task == null) {
          throw failure("the stream's first event is not its task", null);
        } else if (response.statusUpdate() != null) {
          A2aWire.TaskStatus status = response.statusUpdate().status();
          task =
              new Task(task.id(), task.contextId(), status, task.artifacts(), task.history(), null);
          if (status != null
              && status.message() != null
              && A2aWire.WORKING.equals(status.state())) {
            Message said = status.message();
            String speaker =
                said.metadata() == null ? name : said.metadata().path("source").asText(name);
            report.accept(
                new AgentEvent.InnerMessage(name, new AgentMessage.Text(speaker, said.text())));
          }
        } else if (response.artifactUpdate() != null) {
          List<A2aWire.Artifact> artifacts = new ArrayList<>(task.artifacts());
          artifacts.add(response.artifactUpdate().artifact());
          task =
              new Task(task.id(), task.contextId(), task.status(), artifacts, task.history(), null);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      source.cancel();
      cancelRemote(taskId.get());
      throw new CancelledException("interrupted while remote agent '" + name + "' worked");
    } finally {
      registration.close();
      source.cancel();
    }
  }

  /** One event of a stream, in 1.0's shape. */
  private StreamResponse streamEvent(String data) {
    JsonNode result = result(data);
    try {
      return convert(v03 ? A2aV03.fromEvent(result) : result, StreamResponse.class);
    } catch (IllegalArgumentException e) {
      throw failure("streamed what is not A2A 0.3: " + e.getMessage(), e);
    }
  }

  /**
   * Why a stream failed: the JSON-RPC error a server answers instead of a stream (an unknown task,
   * say), the HTTP status, or the connection's failure.
   */
  private RuntimeException streamFailure(Throwable t, Response response) {
    if (response != null) {
      String body = "";
      try {
        body = response.peekBody(64 * 1024).string();
      } catch (IOException | IllegalStateException e) {
        // no body to show
      }
      if (response.isSuccessful() && body.startsWith("{")) {
        try {
          result(body);
        } catch (A2aException error) {
          return error;
        }
      }
      return failure("the stream failed with HTTP " + response.code() + " " + bounded(body), null);
    }
    return failure("the stream failed: " + (t == null ? "closed" : t.getMessage()), t);
  }

  /** Sends {@code out} without streaming and asks for the task until it ends or stops for input. */
  Task poll(Message out, CancellationToken cancellation, long deadline) {
    JsonNode result = call("SendMessage", params(out, true), deadline);
    if (result.has("message")) {
      return completed(out, convert(result.get("message"), Message.class));
    }
    Task task = convert(result.path("task"), Task.class);
    CancellationToken.Registration registration =
        cancellation.onCancel(() -> cancelRemote(task.id()));
    try {
      Task now = task;
      while (!A2aWire.terminal(state(now)) && !A2aWire.interrupted(state(now))) {
        cancellation.throwIfCancelled();
        if (remaining(deadline) <= 0) {
          cancelRemote(task.id());
          throw failure("no answer within " + timeout, null);
        }
        Thread.sleep(
            Math.min(pollInterval.toMillis(), Math.max(1, remaining(deadline) / 1_000_000)));
        ObjectNode params = Json.object().put("id", task.id());
        now = convert(call("GetTask", params, deadline), Task.class);
      }
      return now;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancelRemote(task.id());
      throw new CancelledException("interrupted while remote agent '" + name + "' worked");
    } finally {
      registration.close();
    }
  }

  private static String state(Task task) {
    return task.status() == null ? "" : task.status().state();
  }

  /** A direct message answer, as a completed task. */
  private static Task completed(Message out, Message answer) {
    return new Task(
        answer.taskId(),
        out.contextId(),
        A2aWire.TaskStatus.of(A2aWire.COMPLETED, answer),
        List.of(),
        List.of(),
        null);
  }

  private ObjectNode params(Message out, boolean returnImmediately) {
    ObjectNode params = Json.object();
    params.set("message", Json.mapper().valueToTree(out));
    ObjectNode configuration = params.putObject("configuration");
    configuration.putArray("acceptedOutputModes").add("text/plain").add("application/json");
    if (returnImmediately) {
      configuration.put("returnImmediately", true);
    }
    return params;
  }

  /** Asks the remote agent to cancel {@code taskId}, without waiting; failures are ignored. */
  private void cancelRemote(String taskId) {
    if (taskId == null) {
      return;
    }
    http.newCall(request("CancelTask", Json.object().put("id", taskId), "application/json"))
        .enqueue(
            new Callback() {
              @Override
              public void onFailure(Call call, IOException e) {}

              @Override
              public void onResponse(Call call, Response response) {
                response.close();
              }
            });
  }

  /** A JSON-RPC request for a 1.0 method, in the remote agent's version. */
  private Request request(String method, ObjectNode params, String accept) {
    ObjectNode body = Json.object();
    body.put("jsonrpc", "2.0");
    body.put("id", A2aWire.newId());
    body.put("method", v03 ? A2aV03.method(method) : method);
    body.set("params", v03 ? A2aV03.params(params) : params);
    Request.Builder request =
        new Request.Builder()
            .url(endpoint)
            .header("Accept", accept)
            .post(RequestBody.create(Json.write(body), JSON));
    if (!v03) {
      request.header(A2aWire.VERSION_HEADER, A2aWire.VERSION);
    }
    if (auth != null) {
      request.header(auth.header(), auth.headerValue());
    }
    return request.build();
  }

  /**
   * One JSON-RPC call; its result in 1.0's shape ({@code SendMessage}'s wrapped as a stream
   * response, the others' a task), or an {@link A2aException} naming the error.
   */
  private JsonNode call(String method, ObjectNode params, long deadline) {
    Call call = http.newCall(request(method, params, "application/json"));
    call.timeout().timeout(Math.max(1, remaining(deadline)), TimeUnit.NANOSECONDS);
    try (Response response = call.execute()) {
      String body = response.body().string();
      if (!response.isSuccessful()) {
        throw failure(method + " got HTTP " + response.code() + " " + bounded(body), null);
      }
      JsonNode result = result(body);
      if (!v03) {
        return result;
      }
      return method.equals("SendMessage") ? A2aV03.fromEvent(result) : A2aV03.fromTask(result);
    } catch (IllegalArgumentException e) {
      throw failure(method + " answered what is not A2A 0.3: " + e.getMessage(), e);
    } catch (IOException e) {
      throw failure(method + " failed: " + e.getMessage(), e);
    }
  }

  /** The result of a JSON-RPC response, or the error it carries. */
  private JsonNode result(String body) {
    JsonNode response;
    try {
      response = Json.parse(body);
    } catch (JsonProcessingException e) {
      throw failure("answered what is not JSON: " + bounded(body), e);
    }
    JsonNode error = response.get("error");
    if (error != null && !error.isNull()) {
      throw failure(
          "error " + error.path("code").asText() + ": " + bounded(error.path("message").asText()),
          null);
    }
    if (!response.has("result")) {
      throw failure("answered JSON-RPC without a result: " + bounded(body), null);
    }
    return response.get("result");
  }

  private <T> T convert(JsonNode node, Class<T> type) {
    try {
      return Json.mapper().treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw failure(
          "answered what is not an A2A " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static String bounded(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500) + "...";
  }

  static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  A2aException failure(String message, Throwable cause) {
    return new A2aException(
        name, shownUrl, secrets.mask(message), cause == null ? null : secrets.maskCause(cause));
  }
}
