package io.sessionmanager.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * SessionManagerService mints and checks function tokens and keeps small
 * per-session metadata.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class SessionManagerServiceGrpc {

  private SessionManagerServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "sessionmanager.v1.SessionManagerService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.sessionmanager.v1.CreateSessionRequest,
      io.sessionmanager.v1.CreateSessionResponse> getCreateSessionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateSession",
      requestType = io.sessionmanager.v1.CreateSessionRequest.class,
      responseType = io.sessionmanager.v1.CreateSessionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.sessionmanager.v1.CreateSessionRequest,
      io.sessionmanager.v1.CreateSessionResponse> getCreateSessionMethod() {
    io.grpc.MethodDescriptor<io.sessionmanager.v1.CreateSessionRequest, io.sessionmanager.v1.CreateSessionResponse> getCreateSessionMethod;
    if ((getCreateSessionMethod = SessionManagerServiceGrpc.getCreateSessionMethod) == null) {
      synchronized (SessionManagerServiceGrpc.class) {
        if ((getCreateSessionMethod = SessionManagerServiceGrpc.getCreateSessionMethod) == null) {
          SessionManagerServiceGrpc.getCreateSessionMethod = getCreateSessionMethod =
              io.grpc.MethodDescriptor.<io.sessionmanager.v1.CreateSessionRequest, io.sessionmanager.v1.CreateSessionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateSession"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.CreateSessionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.CreateSessionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionManagerServiceMethodDescriptorSupplier("CreateSession"))
              .build();
        }
      }
    }
    return getCreateSessionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.sessionmanager.v1.GenerateTokenRequest,
      io.sessionmanager.v1.GenerateTokenResponse> getGenerateTokenMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GenerateToken",
      requestType = io.sessionmanager.v1.GenerateTokenRequest.class,
      responseType = io.sessionmanager.v1.GenerateTokenResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.sessionmanager.v1.GenerateTokenRequest,
      io.sessionmanager.v1.GenerateTokenResponse> getGenerateTokenMethod() {
    io.grpc.MethodDescriptor<io.sessionmanager.v1.GenerateTokenRequest, io.sessionmanager.v1.GenerateTokenResponse> getGenerateTokenMethod;
    if ((getGenerateTokenMethod = SessionManagerServiceGrpc.getGenerateTokenMethod) == null) {
      synchronized (SessionManagerServiceGrpc.class) {
        if ((getGenerateTokenMethod = SessionManagerServiceGrpc.getGenerateTokenMethod) == null) {
          SessionManagerServiceGrpc.getGenerateTokenMethod = getGenerateTokenMethod =
              io.grpc.MethodDescriptor.<io.sessionmanager.v1.GenerateTokenRequest, io.sessionmanager.v1.GenerateTokenResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GenerateToken"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.GenerateTokenRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.GenerateTokenResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionManagerServiceMethodDescriptorSupplier("GenerateToken"))
              .build();
        }
      }
    }
    return getGenerateTokenMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.sessionmanager.v1.CreateToolTokenRequest,
      io.sessionmanager.v1.CreateToolTokenResponse> getCreateToolTokenMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateToolToken",
      requestType = io.sessionmanager.v1.CreateToolTokenRequest.class,
      responseType = io.sessionmanager.v1.CreateToolTokenResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.sessionmanager.v1.CreateToolTokenRequest,
      io.sessionmanager.v1.CreateToolTokenResponse> getCreateToolTokenMethod() {
    io.grpc.MethodDescriptor<io.sessionmanager.v1.CreateToolTokenRequest, io.sessionmanager.v1.CreateToolTokenResponse> getCreateToolTokenMethod;
    if ((getCreateToolTokenMethod = SessionManagerServiceGrpc.getCreateToolTokenMethod) == null) {
      synchronized (SessionManagerServiceGrpc.class) {
        if ((getCreateToolTokenMethod = SessionManagerServiceGrpc.getCreateToolTokenMethod) == null) {
          SessionManagerServiceGrpc.getCreateToolTokenMethod = getCreateToolTokenMethod =
              io.grpc.MethodDescriptor.<io.sessionmanager.v1.CreateToolTokenRequest, io.sessionmanager.v1.CreateToolTokenResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateToolToken"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.CreateToolTokenRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.CreateToolTokenResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionManagerServiceMethodDescriptorSupplier("CreateToolToken"))
              .build();
        }
      }
    }
    return getCreateToolTokenMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.sessionmanager.v1.ValidateTokenRequest,
      io.sessionmanager.v1.ValidateTokenResponse> getValidateTokenMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ValidateToken",
      requestType = io.sessionmanager.v1.ValidateTokenRequest.class,
      responseType = io.sessionmanager.v1.ValidateTokenResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.sessionmanager.v1.ValidateTokenRequest,
      io.sessionmanager.v1.ValidateTokenResponse> getValidateTokenMethod() {
    io.grpc.MethodDescriptor<io.sessionmanager.v1.ValidateTokenRequest, io.sessionmanager.v1.ValidateTokenResponse> getValidateTokenMethod;
    if ((getValidateTokenMethod = SessionManagerServiceGrpc.getValidateTokenMethod) == null) {
      synchronized (SessionManagerServiceGrpc.class) {
        if ((getValidateTokenMethod = SessionManagerServiceGrpc.getValidateTokenMethod) == null) {
          SessionManagerServiceGrpc.getValidateTokenMethod = getValidateTokenMethod =
              io.grpc.MethodDescriptor.<io.sessionmanager.v1.ValidateTokenRequest, io.sessionmanager.v1.ValidateTokenResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ValidateToken"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.ValidateTokenRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.ValidateTokenResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionManagerServiceMethodDescriptorSupplier("ValidateToken"))
              .build();
        }
      }
    }
    return getValidateTokenMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.sessionmanager.v1.ValidateToolTokenRequest,
      io.sessionmanager.v1.ValidateToolTokenResponse> getValidateToolTokenMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ValidateToolToken",
      requestType = io.sessionmanager.v1.ValidateToolTokenRequest.class,
      responseType = io.sessionmanager.v1.ValidateToolTokenResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.sessionmanager.v1.ValidateToolTokenRequest,
      io.sessionmanager.v1.ValidateToolTokenResponse> getValidateToolTokenMethod() {
    io.grpc.MethodDescriptor<io.sessionmanager.v1.ValidateToolTokenRequest, io.sessionmanager.v1.ValidateToolTokenResponse> getValidateToolTokenMethod;
    if ((getValidateToolTokenMethod = SessionManagerServiceGrpc.getValidateToolTokenMethod) == null) {
      synchronized (SessionManagerServiceGrpc.class) {
        if ((getValidateToolTokenMethod = SessionManagerServiceGrpc.getValidateToolTokenMethod) == null) {
          SessionManagerServiceGrpc.getValidateToolTokenMethod = getValidateToolTokenMethod =
              io.grpc.MethodDescriptor.<io.sessionmanager.v1.ValidateToolTokenRequest, io.sessionmanager.v1.ValidateToolTokenResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ValidateToolToken"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.ValidateToolTokenRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.ValidateToolTokenResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionManagerServiceMethodDescriptorSupplier("ValidateToolToken"))
              .build();
        }
      }
    }
    return getValidateToolTokenMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.sessionmanager.v1.ValidateTokensRequest,
      io.sessionmanager.v1.ValidateTokensResponse> getValidateTokensMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ValidateTokens",
      requestType = io.sessionmanager.v1.ValidateTokensRequest.class,
      responseType = io.sessionmanager.v1.ValidateTokensResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.sessionmanager.v1.ValidateTokensRequest,
      io.sessionmanager.v1.ValidateTokensResponse> getValidateTokensMethod() {
    io.grpc.MethodDescriptor<io.sessionmanager.v1.ValidateTokensRequest, io.sessionmanager.v1.ValidateTokensResponse> getValidateTokensMethod;
    if ((getValidateTokensMethod = SessionManagerServiceGrpc.getValidateTokensMethod) == null) {
      synchronized (SessionManagerServiceGrpc.class) {
        if ((getValidateTokensMethod = SessionManagerServiceGrpc.getValidateTokensMethod) == null) {
          SessionManagerServiceGrpc.getValidateTokensMethod = getValidateTokensMethod =
              io.grpc.MethodDescriptor.<io.sessionmanager.v1.ValidateTokensRequest, io.sessionmanager.v1.ValidateTokensResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ValidateTokens"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.ValidateTokensRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.ValidateTokensResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionManagerServiceMethodDescriptorSupplier("ValidateTokens"))
              .build();
        }
      }
    }
    return getValidateTokensMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.sessionmanager.v1.DebugTokenRequest,
      io.sessionmanager.v1.DebugTokenResponse> getDebugTokenMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DebugToken",
      requestType = io.sessionmanager.v1.DebugTokenRequest.class,
      responseType = io.sessionmanager.v1.DebugTokenResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.sessionmanager.v1.DebugTokenRequest,
      io.sessionmanager.v1.DebugTokenResponse> getDebugTokenMethod() {
    io.grpc.MethodDescriptor<io.sessionmanager.v1.DebugTokenRequest, io.sessionmanager.v1.DebugTokenResponse> getDebugTokenMethod;
    if ((getDebugTokenMethod = SessionManagerServiceGrpc.getDebugTokenMethod) == null) {
      synchronized (SessionManagerServiceGrpc.class) {
        if ((getDebugTokenMethod = SessionManagerServiceGrpc.getDebugTokenMethod) == null) {
          SessionManagerServiceGrpc.getDebugTokenMethod = getDebugTokenMethod =
              io.grpc.MethodDescriptor.<io.sessionmanager.v1.DebugTokenRequest, io.sessionmanager.v1.DebugTokenResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DebugToken"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.DebugTokenRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.DebugTokenResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionManagerServiceMethodDescriptorSupplier("DebugToken"))
              .build();
        }
      }
    }
    return getDebugTokenMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.sessionmanager.v1.GetSessionMetadataRequest,
      io.sessionmanager.v1.GetSessionMetadataResponse> getGetSessionMetadataMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetSessionMetadata",
      requestType = io.sessionmanager.v1.GetSessionMetadataRequest.class,
      responseType = io.sessionmanager.v1.GetSessionMetadataResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.sessionmanager.v1.GetSessionMetadataRequest,
      io.sessionmanager.v1.GetSessionMetadataResponse> getGetSessionMetadataMethod() {
    io.grpc.MethodDescriptor<io.sessionmanager.v1.GetSessionMetadataRequest, io.sessionmanager.v1.GetSessionMetadataResponse> getGetSessionMetadataMethod;
    if ((getGetSessionMetadataMethod = SessionManagerServiceGrpc.getGetSessionMetadataMethod) == null) {
      synchronized (SessionManagerServiceGrpc.class) {
        if ((getGetSessionMetadataMethod = SessionManagerServiceGrpc.getGetSessionMetadataMethod) == null) {
          SessionManagerServiceGrpc.getGetSessionMetadataMethod = getGetSessionMetadataMethod =
              io.grpc.MethodDescriptor.<io.sessionmanager.v1.GetSessionMetadataRequest, io.sessionmanager.v1.GetSessionMetadataResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetSessionMetadata"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.GetSessionMetadataRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.GetSessionMetadataResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionManagerServiceMethodDescriptorSupplier("GetSessionMetadata"))
              .build();
        }
      }
    }
    return getGetSessionMetadataMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.sessionmanager.v1.SetSessionMetadataRequest,
      io.sessionmanager.v1.SetSessionMetadataResponse> getSetSessionMetadataMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SetSessionMetadata",
      requestType = io.sessionmanager.v1.SetSessionMetadataRequest.class,
      responseType = io.sessionmanager.v1.SetSessionMetadataResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.sessionmanager.v1.SetSessionMetadataRequest,
      io.sessionmanager.v1.SetSessionMetadataResponse> getSetSessionMetadataMethod() {
    io.grpc.MethodDescriptor<io.sessionmanager.v1.SetSessionMetadataRequest, io.sessionmanager.v1.SetSessionMetadataResponse> getSetSessionMetadataMethod;
    if ((getSetSessionMetadataMethod = SessionManagerServiceGrpc.getSetSessionMetadataMethod) == null) {
      synchronized (SessionManagerServiceGrpc.class) {
        if ((getSetSessionMetadataMethod = SessionManagerServiceGrpc.getSetSessionMetadataMethod) == null) {
          SessionManagerServiceGrpc.getSetSessionMetadataMethod = getSetSessionMetadataMethod =
              io.grpc.MethodDescriptor.<io.sessionmanager.v1.SetSessionMetadataRequest, io.sessionmanager.v1.SetSessionMetadataResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SetSessionMetadata"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.SetSessionMetadataRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.SetSessionMetadataResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionManagerServiceMethodDescriptorSupplier("SetSessionMetadata"))
              .build();
        }
      }
    }
    return getSetSessionMetadataMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.sessionmanager.v1.DeleteSessionMetadataRequest,
      io.sessionmanager.v1.DeleteSessionMetadataResponse> getDeleteSessionMetadataMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteSessionMetadata",
      requestType = io.sessionmanager.v1.DeleteSessionMetadataRequest.class,
      responseType = io.sessionmanager.v1.DeleteSessionMetadataResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.sessionmanager.v1.DeleteSessionMetadataRequest,
      io.sessionmanager.v1.DeleteSessionMetadataResponse> getDeleteSessionMetadataMethod() {
    io.grpc.MethodDescriptor<io.sessionmanager.v1.DeleteSessionMetadataRequest, io.sessionmanager.v1.DeleteSessionMetadataResponse> getDeleteSessionMetadataMethod;
    if ((getDeleteSessionMetadataMethod = SessionManagerServiceGrpc.getDeleteSessionMetadataMethod) == null) {
      synchronized (SessionManagerServiceGrpc.class) {
        if ((getDeleteSessionMetadataMethod = SessionManagerServiceGrpc.getDeleteSessionMetadataMethod) == null) {
          SessionManagerServiceGrpc.getDeleteSessionMetadataMethod = getDeleteSessionMetadataMethod =
              io.grpc.MethodDescriptor.<io.sessionmanager.v1.DeleteSessionMetadataRequest, io.sessionmanager.v1.DeleteSessionMetadataResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteSessionMetadata"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.DeleteSessionMetadataRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.DeleteSessionMetadataResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionManagerServiceMethodDescriptorSupplier("DeleteSessionMetadata"))
              .build();
        }
      }
    }
    return getDeleteSessionMetadataMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.sessionmanager.v1.CleanupRequest,
      io.sessionmanager.v1.CleanupResponse> getCleanupMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Cleanup",
      requestType = io.sessionmanager.v1.CleanupRequest.class,
      responseType = io.sessionmanager.v1.CleanupResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.sessionmanager.v1.CleanupRequest,
      io.sessionmanager.v1.CleanupResponse> getCleanupMethod() {
    io.grpc.MethodDescriptor<io.sessionmanager.v1.CleanupRequest, io.sessionmanager.v1.CleanupResponse> getCleanupMethod;
    if ((getCleanupMethod = SessionManagerServiceGrpc.getCleanupMethod) == null) {
      synchronized (SessionManagerServiceGrpc.class) {
        if ((getCleanupMethod = SessionManagerServiceGrpc.getCleanupMethod) == null) {
          SessionManagerServiceGrpc.getCleanupMethod = getCleanupMethod =
              io.grpc.MethodDescriptor.<io.sessionmanager.v1.CleanupRequest, io.sessionmanager.v1.CleanupResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Cleanup"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.CleanupRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.CleanupResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionManagerServiceMethodDescriptorSupplier("Cleanup"))
              .build();
        }
      }
    }
    return getCleanupMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.sessionmanager.v1.RevokeSessionRequest,
      io.sessionmanager.v1.RevokeSessionResponse> getRevokeSessionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RevokeSession",
      requestType = io.sessionmanager.v1.RevokeSessionRequest.class,
      responseType = io.sessionmanager.v1.RevokeSessionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.sessionmanager.v1.RevokeSessionRequest,
      io.sessionmanager.v1.RevokeSessionResponse> getRevokeSessionMethod() {
    io.grpc.MethodDescriptor<io.sessionmanager.v1.RevokeSessionRequest, io.sessionmanager.v1.RevokeSessionResponse> getRevokeSessionMethod;
    if ((getRevokeSessionMethod = SessionManagerServiceGrpc.getRevokeSessionMethod) == null) {
      synchronized (SessionManagerServiceGrpc.class) {
        if ((getRevokeSessionMethod = SessionManagerServiceGrpc.getRevokeSessionMethod) == null) {
          SessionManagerServiceGrpc.getRevokeSessionMethod = getRevokeSessionMethod =
              io.grpc.MethodDescriptor.<io.sessionmanager.v1.RevokeSessionRequest, io.sessionmanager.v1.RevokeSessionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RevokeSession"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.RevokeSessionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.sessionmanager.v1.RevokeSessionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionManagerServiceMethodDescriptorSupplier("RevokeSession"))
              .build();
        }
      }
    }
    return getRevokeSessionMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static SessionManagerServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SessionManagerServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SessionManagerServiceStub>() {
        @java.lang.Override
        public SessionManagerServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SessionManagerServiceStub(channel, callOptions);
        }
      };
    return SessionManagerServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static SessionManagerServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SessionManagerServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SessionManagerServiceBlockingV2Stub>() {
        @java.lang.Override
        public SessionManagerServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SessionManagerServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return SessionManagerServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static SessionManagerServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SessionManagerServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SessionManagerServiceBlockingStub>() {
        @java.lang.Override
        public SessionManagerServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SessionManagerServiceBlockingStub(channel, callOptions);
        }
      };
    return SessionManagerServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static SessionManagerServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SessionManagerServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SessionManagerServiceFutureStub>() {
        @java.lang.Override
        public SessionManagerServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SessionManagerServiceFutureStub(channel, callOptions);
        }
      };
    return SessionManagerServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * SessionManagerService mints and checks function tokens and keeps small
   * per-session metadata.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * CreateSession returns the given call id, or a new random id when none is
     * given. It stores nothing.
     * </pre>
     */
    default void createSession(io.sessionmanager.v1.CreateSessionRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.CreateSessionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateSessionMethod(), responseObserver);
    }

    /**
     * <pre>
     * GenerateToken signs function_name for call_id.
     * </pre>
     */
    default void generateToken(io.sessionmanager.v1.GenerateTokenRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.GenerateTokenResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGenerateTokenMethod(), responseObserver);
    }

    /**
     * <pre>
     * CreateToolToken is GenerateToken under the name some SDKs use.
     * </pre>
     */
    default void createToolToken(io.sessionmanager.v1.CreateToolTokenRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.CreateToolTokenResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateToolTokenMethod(), responseObserver);
    }

    /**
     * <pre>
     * ValidateToken checks a token against a call id and a function name.
     * </pre>
     */
    default void validateToken(io.sessionmanager.v1.ValidateTokenRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.ValidateTokenResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getValidateTokenMethod(), responseObserver);
    }

    /**
     * <pre>
     * ValidateToolToken is ValidateToken under the name some SDKs use.
     * </pre>
     */
    default void validateToolToken(io.sessionmanager.v1.ValidateToolTokenRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.ValidateToolTokenResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getValidateToolTokenMethod(), responseObserver);
    }

    /**
     * <pre>
     * ValidateTokens checks many tokens in one call; results come back in
     * request order.
     * </pre>
     */
    default void validateTokens(io.sessionmanager.v1.ValidateTokensRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.ValidateTokensResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getValidateTokensMethod(), responseObserver);
    }

    /**
     * <pre>
     * DebugToken decodes a token's fields. The server refuses it with
     * FAILED_PRECONDITION unless it runs with debug mode on.
     * </pre>
     */
    default void debugToken(io.sessionmanager.v1.DebugTokenRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.DebugTokenResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDebugTokenMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetSessionMetadata returns a session's metadata, empty when unknown.
     * </pre>
     */
    default void getSessionMetadata(io.sessionmanager.v1.GetSessionMetadataRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.GetSessionMetadataResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetSessionMetadataMethod(), responseObserver);
    }

    /**
     * <pre>
     * SetSessionMetadata merges the given top-level keys into a session's
     * metadata, creating the session when needed.
     * </pre>
     */
    default void setSessionMetadata(io.sessionmanager.v1.SetSessionMetadataRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.SetSessionMetadataResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSetSessionMetadataMethod(), responseObserver);
    }

    /**
     * <pre>
     * DeleteSessionMetadata drops a session's metadata.
     * </pre>
     */
    default void deleteSessionMetadata(io.sessionmanager.v1.DeleteSessionMetadataRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.DeleteSessionMetadataResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteSessionMetadataMethod(), responseObserver);
    }

    /**
     * <pre>
     * Cleanup removes sessions not written for longer than a maximum age.
     * </pre>
     */
    default void cleanup(io.sessionmanager.v1.CleanupRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.CleanupResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCleanupMethod(), responseObserver);
    }

    /**
     * <pre>
     * RevokeSession makes every token minted so far for a call id fail
     * validation with VALIDATION_REASON_REVOKED, on every replica sharing the
     * store, until those tokens would have expired anyway.
     * </pre>
     */
    default void revokeSession(io.sessionmanager.v1.RevokeSessionRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.RevokeSessionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRevokeSessionMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service SessionManagerService.
   * <pre>
   * SessionManagerService mints and checks function tokens and keeps small
   * per-session metadata.
   * </pre>
   */
  public static abstract class SessionManagerServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return SessionManagerServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service SessionManagerService.
   * <pre>
   * SessionManagerService mints and checks function tokens and keeps small
   * per-session metadata.
   * </pre>
   */
  public static final class SessionManagerServiceStub
      extends io.grpc.stub.AbstractAsyncStub<SessionManagerServiceStub> {
    private SessionManagerServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SessionManagerServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SessionManagerServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * CreateSession returns the given call id, or a new random id when none is
     * given. It stores nothing.
     * </pre>
     */
    public void createSession(io.sessionmanager.v1.CreateSessionRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.CreateSessionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateSessionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GenerateToken signs function_name for call_id.
     * </pre>
     */
    public void generateToken(io.sessionmanager.v1.GenerateTokenRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.GenerateTokenResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGenerateTokenMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * CreateToolToken is GenerateToken under the name some SDKs use.
     * </pre>
     */
    public void createToolToken(io.sessionmanager.v1.CreateToolTokenRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.CreateToolTokenResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateToolTokenMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ValidateToken checks a token against a call id and a function name.
     * </pre>
     */
    public void validateToken(io.sessionmanager.v1.ValidateTokenRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.ValidateTokenResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getValidateTokenMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ValidateToolToken is ValidateToken under the name some SDKs use.
     * </pre>
     */
    public void validateToolToken(io.sessionmanager.v1.ValidateToolTokenRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.ValidateToolTokenResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getValidateToolTokenMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ValidateTokens checks many tokens in one call; results come back in
     * request order.
     * </pre>
     */
    public void validateTokens(io.sessionmanager.v1.ValidateTokensRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.ValidateTokensResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getValidateTokensMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * DebugToken decodes a token's fields. The server refuses it with
     * FAILED_PRECONDITION unless it runs with debug mode on.
     * </pre>
     */
    public void debugToken(io.sessionmanager.v1.DebugTokenRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.DebugTokenResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDebugTokenMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetSessionMetadata returns a session's metadata, empty when unknown.
     * </pre>
     */
    public void getSessionMetadata(io.sessionmanager.v1.GetSessionMetadataRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.GetSessionMetadataResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetSessionMetadataMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * SetSessionMetadata merges the given top-level keys into a session's
     * metadata, creating the session when needed.
     * </pre>
     */
    public void setSessionMetadata(io.sessionmanager.v1.SetSessionMetadataRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.SetSessionMetadataResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSetSessionMetadataMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * DeleteSessionMetadata drops a session's metadata.
     * </pre>
     */
    public void deleteSessionMetadata(io.sessionmanager.v1.DeleteSessionMetadataRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.DeleteSessionMetadataResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteSessionMetadataMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Cleanup removes sessions not written for longer than a maximum age.
     * </pre>
     */
    public void cleanup(io.sessionmanager.v1.CleanupRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.CleanupResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCleanupMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * RevokeSession makes every token minted so far for a call id fail
     * validation with VALIDATION_REASON_REVOKED, on every replica sharing the
     * store, until those tokens would have expired anyway.
     * </pre>
     */
    public void revokeSession(io.sessionmanager.v1.RevokeSessionRequest request,
        io.grpc.stub.StreamObserver<io.sessionmanager.v1.RevokeSessionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRevokeSessionMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service SessionManagerService.
   * <pre>
   * SessionManagerService mints and checks function tokens and keeps small
   * per-session metadata.
   * </pre>
   */
  public static final class SessionManagerServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<SessionManagerServiceBlockingV2Stub> {
    private SessionManagerServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SessionManagerServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SessionManagerServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * CreateSession returns the given call id, or a new random id when none is
     * given. It stores nothing.
     * </pre>
     */
    public io.sessionmanager.v1.CreateSessionResponse createSession(io.sessionmanager.v1.CreateSessionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateSessionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GenerateToken signs function_name for call_id.
     * </pre>
     */
    public io.sessionmanager.v1.GenerateTokenResponse generateToken(io.sessionmanager.v1.GenerateTokenRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGenerateTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * CreateToolToken is GenerateToken under the name some SDKs use.
     * </pre>
     */
    public io.sessionmanager.v1.CreateToolTokenResponse createToolToken(io.sessionmanager.v1.CreateToolTokenRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateToolTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ValidateToken checks a token against a call id and a function name.
     * </pre>
     */
    public io.sessionmanager.v1.ValidateTokenResponse validateToken(io.sessionmanager.v1.ValidateTokenRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getValidateTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ValidateToolToken is ValidateToken under the name some SDKs use.
     * </pre>
     */
    public io.sessionmanager.v1.ValidateToolTokenResponse validateToolToken(io.sessionmanager.v1.ValidateToolTokenRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getValidateToolTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ValidateTokens checks many tokens in one call; results come back in
     * request order.
     * </pre>
     */
    public io.sessionmanager.v1.ValidateTokensResponse validateTokens(io.sessionmanager.v1.ValidateTokensRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getValidateTokensMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DebugToken decodes a token's fields. The server refuses it with
     * FAILED_PRECONDITION unless it runs with debug mode on.
     * </pre>
     */
    public io.sessionmanager.v1.DebugTokenResponse debugToken(io.sessionmanager.v1.DebugTokenRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDebugTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetSessionMetadata returns a session's metadata, empty when unknown.
     * </pre>
     */
    public io.sessionmanager.v1.GetSessionMetadataResponse getSessionMetadata(io.sessionmanager.v1.GetSessionMetadataRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetSessionMetadataMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * SetSessionMetadata merges the given top-level keys into a session's
     * metadata, creating the session when needed.
     * </pre>
     */
    public io.sessionmanager.v1.SetSessionMetadataResponse setSessionMetadata(io.sessionmanager.v1.SetSessionMetadataRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSetSessionMetadataMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeleteSessionMetadata drops a session's metadata.
     * </pre>
     */
    public io.sessionmanager.v1.DeleteSessionMetadataResponse deleteSessionMetadata(io.sessionmanager.v1.DeleteSessionMetadataRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteSessionMetadataMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Cleanup removes sessions not written for longer than a maximum age.
     * </pre>
     */
    public io.sessionmanager.v1.CleanupResponse cleanup(io.sessionmanager.v1.CleanupRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCleanupMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * RevokeSession makes every token minted so far for a call id fail
     * validation with VALIDATION_REASON_REVOKED, on every replica sharing the
     * store, until those tokens would have expired anyway.
     * </pre>
     */
    public io.sessionmanager.v1.RevokeSessionResponse revokeSession(io.sessionmanager.v1.RevokeSessionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRevokeSessionMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service SessionManagerService.
   * <pre>
   * SessionManagerService mints and checks function tokens and keeps small
   * per-session metadata.
   * </pre>
   */
  public static final class SessionManagerServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<SessionManagerServiceBlockingStub> {
    private SessionManagerServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SessionManagerServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SessionManagerServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * CreateSession returns the given call id, or a new random id when none is
     * given. It stores nothing.
     * </pre>
     */
    public io.sessionmanager.v1.CreateSessionResponse createSession(io.sessionmanager.v1.CreateSessionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateSessionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GenerateToken signs function_name for call_id.
     * </pre>
     */
    public io.sessionmanager.v1.GenerateTokenResponse generateToken(io.sessionmanager.v1.GenerateTokenRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGenerateTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * CreateToolToken is GenerateToken under the name some SDKs use.
     * </pre>
     */
    public io.sessionmanager.v1.CreateToolTokenResponse createToolToken(io.sessionmanager.v1.CreateToolTokenRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateToolTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ValidateToken checks a token against a call id and a function name.
     * </pre>
     */
    public io.sessionmanager.v1.ValidateTokenResponse validateToken(io.sessionmanager.v1.ValidateTokenRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getValidateTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ValidateToolToken is ValidateToken under the name some SDKs use.
     * </pre>
     */
    public io.sessionmanager.v1.ValidateToolTokenResponse validateToolToken(io.sessionmanager.v1.ValidateToolTokenRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getValidateToolTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ValidateTokens checks many tokens in one call; results come back in
     * request order.
     * </pre>
     */
    public io.sessionmanager.v1.ValidateTokensResponse validateTokens(io.sessionmanager.v1.ValidateTokensRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getValidateTokensMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DebugToken decodes a token's fields. The server refuses it with
     * FAILED_PRECONDITION unless it runs with debug mode on.
     * </pre>
     */
    public io.sessionmanager.v1.DebugTokenResponse debugToken(io.sessionmanager.v1.DebugTokenRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDebugTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetSessionMetadata returns a session's metadata, empty when unknown.
     * </pre>
     */
    public io.sessionmanager.v1.GetSessionMetadataResponse getSessionMetadata(io.sessionmanager.v1.GetSessionMetadataRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetSessionMetadataMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * SetSessionMetadata merges the given top-level keys into a session's
     * metadata, creating the session when needed.
     * </pre>
     */
    public io.sessionmanager.v1.SetSessionMetadataResponse setSessionMetadata(io.sessionmanager.v1.SetSessionMetadataRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSetSessionMetadataMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeleteSessionMetadata drops a session's metadata.
     * </pre>
     */
    public io.sessionmanager.v1.DeleteSessionMetadataResponse deleteSessionMetadata(io.sessionmanager.v1.DeleteSessionMetadataRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteSessionMetadataMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Cleanup removes sessions not written for longer than a maximum age.
     * </pre>
     */
    public io.sessionmanager.v1.CleanupResponse cleanup(io.sessionmanager.v1.CleanupRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCleanupMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * RevokeSession makes every token minted so far for a call id fail
     * validation with VALIDATION_REASON_REVOKED, on every replica sharing the
     * store, until those tokens would have expired anyway.
     * </pre>
     */
    public io.sessionmanager.v1.RevokeSessionResponse revokeSession(io.sessionmanager.v1.RevokeSessionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRevokeSessionMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service SessionManagerService.
   * <pre>
   * SessionManagerService mints and checks function tokens and keeps small
   * per-session metadata.
   * </pre>
   */
  public static final class SessionManagerServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<SessionManagerServiceFutureStub> {
    private SessionManagerServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SessionManagerServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SessionManagerServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * CreateSession returns the given call id, or a new random id when none is
     * given. It stores nothing.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.sessionmanager.v1.CreateSessionResponse> createSession(
        io.sessionmanager.v1.CreateSessionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateSessionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GenerateToken signs function_name for call_id.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.sessionmanager.v1.GenerateTokenResponse> generateToken(
        io.sessionmanager.v1.GenerateTokenRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGenerateTokenMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * CreateToolToken is GenerateToken under the name some SDKs use.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.sessionmanager.v1.CreateToolTokenResponse> createToolToken(
        io.sessionmanager.v1.CreateToolTokenRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateToolTokenMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ValidateToken checks a token against a call id and a function name.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.sessionmanager.v1.ValidateTokenResponse> validateToken(
        io.sessionmanager.v1.ValidateTokenRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getValidateTokenMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ValidateToolToken is ValidateToken under the name some SDKs use.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.sessionmanager.v1.ValidateToolTokenResponse> validateToolToken(
        io.sessionmanager.v1.ValidateToolTokenRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getValidateToolTokenMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ValidateTokens checks many tokens in one call; results come back in
     * request order.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.sessionmanager.v1.ValidateTokensResponse> validateTokens(
        io.sessionmanager.v1.ValidateTokensRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getValidateTokensMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * DebugToken decodes a token's fields. The server refuses it with
     * FAILED_PRECONDITION unless it runs with debug mode on.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.sessionmanager.v1.DebugTokenResponse> debugToken(
        io.sessionmanager.v1.DebugTokenRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDebugTokenMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetSessionMetadata returns a session's metadata, empty when unknown.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.sessionmanager.v1.GetSessionMetadataResponse> getSessionMetadata(
        io.sessionmanager.v1.GetSessionMetadataRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetSessionMetadataMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * SetSessionMetadata merges the given top-level keys into a session's
     * metadata, creating the session when needed.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.sessionmanager.v1.SetSessionMetadataResponse> setSessionMetadata(
        io.sessionmanager.v1.SetSessionMetadataRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSetSessionMetadataMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * DeleteSessionMetadata drops a session's metadata.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.sessionmanager.v1.DeleteSessionMetadataResponse> deleteSessionMetadata(
        io.sessionmanager.v1.DeleteSessionMetadataRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteSessionMetadataMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Cleanup removes sessions not written for longer than a maximum age.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.sessionmanager.v1.CleanupResponse> cleanup(
        io.sessionmanager.v1.CleanupRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCleanupMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * RevokeSession makes every token minted so far for a call id fail
     * validation with VALIDATION_REASON_REVOKED, on every replica sharing the
     * store, until those tokens would have expired anyway.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.sessionmanager.v1.RevokeSessionResponse> revokeSession(
        io.sessionmanager.v1.RevokeSessionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRevokeSessionMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_SESSION = 0;
  private static final int METHODID_GENERATE_TOKEN = 1;
  private static final int METHODID_CREATE_TOOL_TOKEN = 2;
  private static final int METHODID_VALIDATE_TOKEN = 3;
  private static final int METHODID_VALIDATE_TOOL_TOKEN = 4;
  private static final int METHODID_VALIDATE_TOKENS = 5;
  private static final int METHODID_DEBUG_TOKEN = 6;
  private static final int METHODID_GET_SESSION_METADATA = 7;
  private static final int METHODID_SET_SESSION_METADATA = 8;
  private static final int METHODID_DELETE_SESSION_METADATA = 9;
  private static final int METHODID_CLEANUP = 10;
  private static final int METHODID_REVOKE_SESSION = 11;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AsyncService serviceImpl;
    private final int methodId;

    MethodHandlers(AsyncService serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_CREATE_SESSION:
          serviceImpl.createSession((io.sessionmanager.v1.CreateSessionRequest) request,
              (io.grpc.stub.StreamObserver<io.sessionmanager.v1.CreateSessionResponse>) responseObserver);
          break;
        case METHODID_GENERATE_TOKEN:
          serviceImpl.generateToken((io.sessionmanager.v1.GenerateTokenRequest) request,
              (io.grpc.stub.StreamObserver<io.sessionmanager.v1.GenerateTokenResponse>) responseObserver);
          break;
        case METHODID_CREATE_TOOL_TOKEN:
          serviceImpl.createToolToken((io.sessionmanager.v1.CreateToolTokenRequest) request,
              (io.grpc.stub.StreamObserver<io.sessionmanager.v1.CreateToolTokenResponse>) responseObserver);
          break;
        case METHODID_VALIDATE_TOKEN:
          serviceImpl.validateToken((io.sessionmanager.v1.ValidateTokenRequest) request,
              (io.grpc.stub.StreamObserver<io.sessionmanager.v1.ValidateTokenResponse>) responseObserver);
          break;
        case METHODID_VALIDATE_TOOL_TOKEN:
          serviceImpl.validateToolToken((io.sessionmanager.v1.ValidateToolTokenRequest) request,
              (io.grpc.stub.StreamObserver<io.sessionmanager.v1.ValidateToolTokenResponse>) responseObserver);
          break;
        case METHODID_VALIDATE_TOKENS:
          serviceImpl.validateTokens((io.sessionmanager.v1.ValidateTokensRequest) request,
              (io.grpc.stub.StreamObserver<io.sessionmanager.v1.ValidateTokensResponse>) responseObserver);
          break;
        case METHODID_DEBUG_TOKEN:
          serviceImpl.debugToken((io.sessionmanager.v1.DebugTokenRequest) request,
              (io.grpc.stub.StreamObserver<io.sessionmanager.v1.DebugTokenResponse>) responseObserver);
          break;
        case METHODID_GET_SESSION_METADATA:
          serviceImpl.getSessionMetadata((io.sessionmanager.v1.GetSessionMetadataRequest) request,
              (io.grpc.stub.StreamObserver<io.sessionmanager.v1.GetSessionMetadataResponse>) responseObserver);
          break;
        case METHODID_SET_SESSION_METADATA:
          serviceImpl.setSessionMetadata((io.sessionmanager.v1.SetSessionMetadataRequest) request,
              (io.grpc.stub.StreamObserver<io.sessionmanager.v1.SetSessionMetadataResponse>) responseObserver);
          break;
        case METHODID_DELETE_SESSION_METADATA:
          serviceImpl.deleteSessionMetadata((io.sessionmanager.v1.DeleteSessionMetadataRequest) request,
              (io.grpc.stub.StreamObserver<io.sessionmanager.v1.DeleteSessionMetadataResponse>) responseObserver);
          break;
        case METHODID_CLEANUP:
          serviceImpl.cleanup((io.sessionmanager.v1.CleanupRequest) request,
              (io.grpc.stub.StreamObserver<io.sessionmanager.v1.CleanupResponse>) responseObserver);
          break;
        case METHODID_REVOKE_SESSION:
          serviceImpl.revokeSession((io.sessionmanager.v1.RevokeSessionRequest) request,
              (io.grpc.stub.StreamObserver<io.sessionmanager.v1.RevokeSessionResponse>) responseObserver);
          break;
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getCreateSessionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.sessionmanager.v1.CreateSessionRequest,
              io.sessionmanager.v1.CreateSessionResponse>(
                service, METHODID_CREATE_SESSION)))
        .addMethod(
          getGenerateTokenMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.sessionmanager.v1.GenerateTokenRequest,
              io.sessionmanager.v1.GenerateTokenResponse>(
                service, METHODID_GENERATE_TOKEN)))
        .addMethod(
          getCreateToolTokenMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.sessionmanager.v1.CreateToolTokenRequest,
              io.sessionmanager.v1.CreateToolTokenResponse>(
                service, METHODID_CREATE_TOOL_TOKEN)))
        .addMethod(
          getValidateTokenMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.sessionmanager.v1.ValidateTokenRequest,
              io.sessionmanager.v1.ValidateTokenResponse>(
                service, METHODID_VALIDATE_TOKEN)))
        .addMethod(
          getValidateToolTokenMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.sessionmanager.v1.ValidateToolTokenRequest,
              io.sessionmanager.v1.ValidateToolTokenResponse>(
                service, METHODID_VALIDATE_TOOL_TOKEN)))
        .addMethod(
          getValidateTokensMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.sessionmanager.v1.ValidateTokensRequest,
              io.sessionmanager.v1.ValidateTokensResponse>(
                service, METHODID_VALIDATE_TOKENS)))
        .addMethod(
          getDebugTokenMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.sessionmanager.v1.DebugTokenRequest,
              io.sessionmanager.v1.DebugTokenResponse>(
                service, METHODID_DEBUG_TOKEN)))
        .addMethod(
          getGetSessionMetadataMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.sessionmanager.v1.GetSessionMetadataRequest,
              io.sessionmanager.v1.GetSessionMetadataResponse>(
                service, METHODID_GET_SESSION_METADATA)))
        .addMethod(
          getSetSessionMetadataMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.sessionmanager.v1.SetSessionMetadataRequest,
              io.sessionmanager.v1.SetSessionMetadataResponse>(
                service, METHODID_SET_SESSION_METADATA)))
        .addMethod(
          getDeleteSessionMetadataMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.sessionmanager.v1.DeleteSessionMetadataRequest,
              io.sessionmanager.v1.DeleteSessionMetadataResponse>(
                service, METHODID_DELETE_SESSION_METADATA)))
        .addMethod(
          getCleanupMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.sessionmanager.v1.CleanupRequest,
              io.sessionmanager.v1.CleanupResponse>(
                service, METHODID_CLEANUP)))
        .addMethod(
          getRevokeSessionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.sessionmanager.v1.RevokeSessionRequest,
              io.sessionmanager.v1.RevokeSessionResponse>(
                service, METHODID_REVOKE_SESSION)))
        .build();
  }

  private static abstract class SessionManagerServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    SessionManagerServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.sessionmanager.v1.SessionManagerProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("SessionManagerService");
    }
  }

  private static final class SessionManagerServiceFileDescriptorSupplier
      extends SessionManagerServiceBaseDescriptorSupplier {
    SessionManagerServiceFileDescriptorSupplier() {}
  }

  private static final class SessionManagerServiceMethodDescriptorSupplier
      extends SessionManagerServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    SessionManagerServiceMethodDescriptorSupplier(java.lang.String methodName) {
      this.methodName = methodName;
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName(methodName);
    }
  }

  private static volatile io.grpc.ServiceDescriptor serviceDescriptor;

  public static io.grpc.ServiceDescriptor getServiceDescriptor() {
    io.grpc.ServiceDescriptor result = serviceDescriptor;
    if (result == null) {
      synchronized (SessionManagerServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new SessionManagerServiceFileDescriptorSupplier())
              .addMethod(getCreateSessionMethod())
              .addMethod(getGenerateTokenMethod())
              .addMethod(getCreateToolTokenMethod())
              .addMethod(getValidateTokenMethod())
              .addMethod(getValidateToolTokenMethod())
              .addMethod(getValidateTokensMethod())
              .addMethod(getDebugTokenMethod())
              .addMethod(getGetSessionMetadataMethod())
              .addMethod(getSetSessionMetadataMethod())
              .addMethod(getDeleteSessionMetadataMethod())
              .addMethod(getCleanupMethod())
              .addMethod(getRevokeSessionMethod())
              .build();
        }
      }
    }
    return result;
  }
}
