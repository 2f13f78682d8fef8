package dev.cadre.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A client transport that learns the JSON-RPC id of each tool call as it goes out, so that a call
 * abandoned by Cadre (cancelled, or timed out) can be cancelled at the server with {@code
 * notifications/cancelled}. The SDK keeps its ids to itself; each call carries a progress token of
 * Cadre's making in its {@code _meta}, and that token is the key.
 *
 * <p>It also shows each notification from the server to a listener as it is read, before the
 * messages after it: the SDK handles notifications later, on threads of its own, so a tool call's
 * answer could otherwise overtake the progress or the tool-list change the server sent before it.
 */
final class TrackedTransport implements McpClientTransport {

  private final McpClientTransport delegate;
  private final Map<Object, Object> idsByToken = new ConcurrentHashMap<>();
  private final Consumer<McpSchema.JSONRPCNotification> notifications;

  TrackedTransport(
      McpClientTransport delegate, Consumer<McpSchema.JSONRPCNotification> notifications) {
    this.delegate = delegate;
    this.notifications = notifications;
  }

  @Override
  public Mono<Void> connect(
      Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    return delegate.connect(
        in ->
            handler.apply(
                in.doOnNext(
                    message -> {
                      if (message instanceof McpSchema.JSONRPCNotification notification) {
                        notifications.accept(notification);
                      }
                    })));
  }

  @Override
  public void setExceptionHandler(Consumer<Throwable> handler) {
    delegate.setExceptionHandler(handler);
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    if (message instanceof McpSchema.JSONRPCRequest request
        && request.params() instanceof McpSchema.CallToolRequest call
        && call.meta() != null
        && call.meta().get("progressToken") != null) {
      idsByToken.put(call.meta().get("progressToken"), request.id());
    }
    return delegate.sendMessage(message);
  }

  /** Forgets the call that carried {@code token}: it has been answered or abandoned. */
  void done(Object token) {
    if (token != null) {
      idsByToken.remove(token);
    }
  }

  /**
   * Tells the server to stop the call that carried {@code token}, if it went out; sent and
   * forgotten, since a server that has gone away cannot be told anything.
   */
  void cancel(Object token, String reason) {
    Object id = token == null ? null : idsByToken.remove(token);
    if (id == null) {
      return;
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("requestId", id);
    params.put("reason", reason);
    delegate
        .sendMessage(
            new McpSchema.JSONRPCNotification(
                McpSchema.JSONRPC_VERSION, "notifications/cancelled", params))
        .subscribe(ok -> {}, failed -> {});
  }

  @Override
  public Mono<Void> closeGracefully() {
    return delegate.closeGracefully();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
    return delegate.unmarshalFrom(data, type);
  }

  @Override
  public List<String> protocolVersions() {
    return delegate.protocolVersions();
  }
}
